// HTTPS with a certificate made for the test (openssl), verified by a client that trusts only the
// test's CA; plain HTTP refused off loopback.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "service_fake_ledger.hpp"
#include "service_harness.hpp"

using namespace central_test;

namespace {

// A CA and a server certificate for 127.0.0.1 signed by it, in `dir`.
void make_certificates(const TempDir& dir) {
    std::string d = dir.path.string();
    std::string script =
        "cd '" + d +
        "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out "
        "ca.pem "
        "-days 2 -subj /CN=central-test-ca -addext basicConstraints=critical,CA:TRUE "
        "-addext keyUsage=critical,keyCertSign,cRLSign"
        " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out "
        "server.csr "
        "-subj /CN=127.0.0.1"
        " && printf "
        "'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > ext.cnf"
        " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days "
        "2 "
        "-extfile ext.cnf"
        " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.key "
        "-out other-ca.pem -days 2 -subj /CN=other-ca > /dev/null 2>&1";
    REQUIRE(std::system(("(" + script + ") > '" + d + "/openssl.log' 2>&1").c_str()) == 0);
}

}  // namespace

TEST_CASE("the service serves HTTPS with its certificate and a client trusting the CA verifies it") {
    TempDir dir;
    make_certificates(dir);
    FakeLedger ledger;
    RunningService service(ledger, [&](central::ServiceOptions& o) {
        o.tls_certificate = dir.file("server.pem");
        o.tls_key = dir.file("server.key");
    });
    CHECK(service.url().rfind("https://127.0.0.1:", 0) == 0);

    httplib::SSLClient trusting("127.0.0.1", service.port);
    trusting.set_ca_cert_path(dir.file("ca.pem").c_str());
    trusting.enable_server_certificate_verification(true);
    auto result = trusting.Get("/v1/health");
    REQUIRE(result);
    CHECK(result->status == 200);

    httplib::SSLClient stranger("127.0.0.1", service.port);
    stranger.set_ca_cert_path(dir.file("other-ca.pem").c_str());
    stranger.enable_server_certificate_verification(true);
    auto refused = stranger.Get("/v1/health");
    CHECK_FALSE(refused);

    httplib::Client plain("127.0.0.1", service.port);
    plain.set_read_timeout(10, 0);
    auto plain_result = plain.Get("/v1/health");
    CHECK((!plain_result || plain_result->status != 200));
}

TEST_CASE("plain HTTP is refused off loopback and a TLS file that cannot be loaded stops the start") {
    FakeLedger ledger;
    central::StoreKey key = test_store_key();
    central::ServiceOptions options;
    options.store_id = "s";
    options.host = "0.0.0.0";
    central::Service open_http(options, ledger, key, central::system_now_ms, central::log_to_stderr);
    CHECK_THROWS_WITH(open_http.bind(), Catch::Contains("refusing to serve plain HTTP on 0.0.0.0"));

    options.host = "127.0.0.1";
    options.tls_certificate = "/nonexistent/server.pem";
    options.tls_key = "/nonexistent/server.key";
    central::Service bad_tls(options, ledger, key, central::system_now_ms, central::log_to_stderr);
    CHECK_THROWS_WITH(bad_tls.bind(), Catch::Contains("/nonexistent/server.pem"));

    CHECK(central::is_loopback("127.0.0.1"));
    CHECK(central::is_loopback("127.5.0.1"));
    CHECK(central::is_loopback("::1"));
    CHECK(central::is_loopback("localhost"));
    CHECK_FALSE(central::is_loopback("0.0.0.0"));
    CHECK_FALSE(central::is_loopback("::"));
    CHECK_FALSE(central::is_loopback("10.0.0.1"));
    CHECK_FALSE(central::is_loopback("example.org"));
}
