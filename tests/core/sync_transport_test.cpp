// The transport on its own, against small servers on 127.0.0.1: the certificate checks the kiosk makes
// itself (the pin, the store's name), the proxy, the limits that abandon a transfer, and the answer's
// parts it reads. The TLS material comes from tests/sync/make_test_ca.sh (the openssl command), so the
// pins these tests expect are computed by another program than the one under test.
#include "sync_transport.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

#include "connect_proxy.hpp"
#include "sync_transport_retry_after.hpp"
#include "sync_transport_route.hpp"
#include "sync_transport_sigpipe.hpp"
#include "temp_dir.hpp"

using kiosk::SyncConfig;
using kiosk::SyncTransport;
using kiosk::TransportLimits;
using namespace std::chrono_literals;

namespace {

struct TestCa {
    TempDir dir;
    TestCa() {
        std::string command = std::string("sh '") + KIOSK_SOURCE_DIR + "/tests/sync/make_test_ca.sh' '" +
                              dir.path.string() + "' >/dev/null";
        REQUIRE(std::system(command.c_str()) == 0);
    }
    std::string file(const std::string& name) const { return dir.file(name); }
    std::string text(const std::string& name) const {
        std::ifstream in(file(name));
        std::string line;
        std::getline(in, line);
        return line;
    }
};

// A store on 127.0.0.1 that answers each heartbeat with 204 and counts them, and other paths as
// `routes` says: over TLS with the test CA's certificate `name` (server, misnamed-server, …), or
// plain http.
class CountingStore {
  public:
    using Routes = std::function<void(httplib::Server&)>;
    explicit CountingStore(const TestCa* ca = nullptr, const std::string& name = "server",
                           Routes routes = {}) {
        server_ = ca ? std::unique_ptr<httplib::Server>(std::make_unique<httplib::SSLServer>(
                           ca->file(name + ".pem").c_str(), ca->file(name + ".key").c_str()))
                     : std::make_unique<httplib::Server>();
        tls_ = ca != nullptr;
        server_->Post("/v1/heartbeats", [this](const httplib::Request&, httplib::Response& a) {
            ++posts_;
            a.status = 204;
        });
        if (routes) routes(*server_);
        port_ = server_->bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        while (!server_->is_running()) std::this_thread::sleep_for(5ms);
    }
    ~CountingStore() {
        server_->stop();
        thread_.join();
    }
    std::string url() const {
        return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    }
    int port() const { return port_; }
    int posts() const { return posts_.load(); }

  private:
    std::unique_ptr<httplib::Server> server_;
    bool tls_ = false;
    int port_ = 0;
    std::atomic<int> posts_{0};
    std::thread thread_;
};

kiosk::TransportResult heartbeat(const SyncConfig& sync, std::function<bool()> stopping = {},
                                 TransportLimits limits = {}) {
    SyncTransport transport(sync, std::move(stopping), limits);
    return transport.post("/v1/heartbeats", {"Kiosk-Id: k1"}, "{}");
}

}  // namespace

TEST_CASE("the store's certificate is checked against ca_file, and a pin on its key fails closed") {
    TestCa ca;
    CountingStore store(&ca);
    SyncConfig sync;
    sync.url = store.url();
    sync.ca_file = ca.file("ca.pem");

    SECTION("the test CA alone") { CHECK(heartbeat(sync).answer.value().status == 204); }
    SECTION("the server's own pin") {
        sync.pinned_public_key = ca.text("server.pin");
        CHECK(heartbeat(sync).answer.value().status == 204);
    }
    SECTION("a list of pins, the server's second (a key rollover)") {
        sync.pinned_public_key = ca.text("wrong.pin") + ";" + ca.text("server.pin");
        CHECK(heartbeat(sync).answer.value().status == 204);
    }
    SECTION("a wrong pin: refused before anything is sent, and the error names the key") {
        sync.pinned_public_key = ca.text("wrong.pin");
        kiosk::TransportResult r = heartbeat(sync);
        CHECK_FALSE(r.answer);
        CHECK_THAT(r.error, Catch::Contains("pinned_public_key") && Catch::Contains(ca.text("server.pin")));
        CHECK(store.posts() == 0);
    }
    SECTION("a pin list with one pin not in libcurl's form: nothing is sent at all") {
        sync.pinned_public_key = ca.text("server.pin") + ";sha256//not-base64";
        kiosk::TransportResult r = heartbeat(sync);
        CHECK_FALSE(r.answer);
        CHECK_THAT(r.error, Catch::Contains("pinned_public_key"));
        CHECK(store.posts() == 0);
    }
    SECTION("another CA's certificate") {
        sync.ca_file = ca.file("wrong-ca.pem");
        kiosk::TransportResult r = heartbeat(sync);
        CHECK_FALSE(r.answer);
        CHECK_THAT(r.error, Catch::Contains("certificate"));
        CHECK(store.posts() == 0);
    }
}

TEST_CASE("a certificate that names another host is refused even when its CN is the store's address") {
    TestCa ca;
    CountingStore store(&ca, "misnamed-server");
    SyncConfig sync;
    sync.url = store.url();
    sync.ca_file = ca.file("ca.pem");
    kiosk::TransportResult r = heartbeat(sync);
    CHECK_FALSE(r.answer);
    CHECK_THAT(r.error, Catch::Contains("certificate"));
    CHECK(store.posts() == 0);
}

TEST_CASE("through an http proxy the store is reached by a CONNECT tunnel, its certificate still checked") {
    TestCa ca;
    CountingStore store(&ca);
    SyncConfig sync;
    sync.url = store.url();
    sync.ca_file = ca.file("ca.pem");
    sync.pinned_public_key = ca.text("server.pin");

    SECTION("a proxy that opens the tunnel") {
        ConnectProxy proxy;
        sync.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
        CHECK(heartbeat(sync).answer.value().status == 204);
        CHECK(store.posts() == 1);
        REQUIRE(proxy.requests().size() == 1);
        CHECK(proxy.requests()[0] == "CONNECT 127.0.0.1:" + std::to_string(store.port()) + " HTTP/1.1");
    }
    SECTION("the same tunnel with a wrong pin: refused") {
        ConnectProxy proxy;
        sync.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
        sync.pinned_public_key = ca.text("wrong.pin");
        kiosk::TransportResult r = heartbeat(sync);
        CHECK_FALSE(r.answer);
        CHECK(store.posts() == 0);
        CHECK(proxy.requests().size() == 1);
    }
    for (int status : {407, 403}) {
        DYNAMIC_SECTION("a proxy that answers " << status
                                                << " instead of a tunnel: an error, not the store's answer") {
            ConnectProxy proxy(status);
            sync.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
            kiosk::TransportResult r = heartbeat(sync);
            CHECK_FALSE(r.answer);
            CHECK_THAT(r.error, Catch::Contains("proxy") && Catch::Contains(std::to_string(status)));
            CHECK(store.posts() == 0);
        }
    }
    SECTION("a proxy the kiosk cannot speak to is refused, never bypassed") {
        sync.proxy = "socks5://127.0.0.1:1080";
        kiosk::TransportResult r = heartbeat(sync);
        CHECK_FALSE(r.answer);
        CHECK_THAT(r.error, Catch::Contains("only an http:// proxy"));
        CHECK(store.posts() == 0);
    }
}

TEST_CASE("the proxy comes from sync.proxy, else from https_proxy unless no_proxy covers the store") {
    std::map<std::string, std::string> environment;
    auto env = [&](const char* name) -> const char* {
        auto found = environment.find(name);
        return found == environment.end() ? nullptr : found->second.c_str();
    };
    SyncConfig sync;
    sync.url = "https://store.example.org/kiosks/";
    kiosk::StoreRoute route = kiosk::route_to_store(sync, env);
    CHECK(route.problem.empty());
    CHECK(route.host == "store.example.org");
    CHECK(route.port == 443);
    CHECK(route.base_path == "/kiosks");
    CHECK(route.proxy_host.empty());

    environment["https_proxy"] = "http://env-proxy:8080";
    CHECK(kiosk::route_to_store(sync, env).proxy_host == "env-proxy");
    CHECK(kiosk::route_to_store(sync, env).proxy_port == 8080);
    environment["no_proxy"] = "localhost, .example.org";
    CHECK(kiosk::route_to_store(sync, env).proxy_host.empty());
    environment["no_proxy"] = "other.org";
    CHECK(kiosk::route_to_store(sync, env).proxy_host == "env-proxy");
    environment["no_proxy"] = "*";
    CHECK(kiosk::route_to_store(sync, env).proxy_host.empty());

    sync.proxy = "proxy.example.org";  // no scheme, no port: http on libcurl's default port
    route = kiosk::route_to_store(sync, env);
    CHECK(route.proxy_host == "proxy.example.org");
    CHECK(route.proxy_port == 1080);
    sync.proxy = "http://user:secret@proxy.example.org:3128";
    CHECK_THAT(kiosk::route_to_store(sync, env).problem, Catch::Contains("user name and password"));

    sync.url = "http://[::1]:8480";  // a store on this machine: straight to it, whatever is configured
    sync.proxy = "http://proxy.example.org:3128";
    route = kiosk::route_to_store(sync, env);
    CHECK(route.problem.empty());
    CHECK_FALSE(route.tls);
    CHECK(route.host == "::1");
    CHECK(route.port == 8480);
    CHECK(route.proxy_host.empty());
}

TEST_CASE("a transfer that moves too little for too long is abandoned, a slow but steady one is not") {
    std::atomic<int> bytes_per_tick{0};
    CountingStore store(nullptr, "", [&](httplib::Server& server) {
        server.Post("/v1/trickle", [&](const httplib::Request&, httplib::Response& a) {
            auto ticks = std::make_shared<int>(0);
            std::string piece(static_cast<std::size_t>(bytes_per_tick.load()), 'x');
            a.set_chunked_content_provider("application/json", [=](std::size_t, httplib::DataSink& sink) {
                std::this_thread::sleep_for(100ms);  // 30 ticks: 3 s in all
                if (++*ticks > 30) {
                    sink.done();
                    return true;
                }
                return sink.write(piece.data(), piece.size());
            });
        });
    });
    SyncConfig sync;
    sync.url = store.url();
    TransportLimits limits;
    limits.slow_bytes_per_s = 100;
    limits.slow_for = 1s;
    limits.look_every = 100ms;
    SyncTransport transport(sync, {}, limits);

    bytes_per_tick = 100;  // 1 000 bytes a second, for longer than slow_for
    kiosk::TransportResult steady = transport.post("/v1/trickle", {}, "{}");
    REQUIRE(steady.answer);
    CHECK(steady.answer->body.size() == 3000);

    bytes_per_tick = 1;  // 10 bytes a second
    auto started = std::chrono::steady_clock::now();
    kiosk::TransportResult slow = transport.post("/v1/trickle", {}, "{}");
    CHECK_FALSE(slow.answer);
    CHECK_THAT(slow.error, Catch::Contains("abandoned"));
    CHECK(std::chrono::steady_clock::now() - started < 2500ms);
}

TEST_CASE("a transfer is given up within a look once the kiosk is stopping, even mid-answer") {
    std::atomic<bool> release{false};
    CountingStore store(nullptr, "", [&](httplib::Server& server) {
        server.Post("/v1/hang", [&](const httplib::Request&, httplib::Response& a) {
            while (!release) std::this_thread::sleep_for(10ms);
            a.status = 204;
        });
    });
    SyncConfig sync;
    sync.url = store.url();
    TransportLimits limits;
    limits.look_every = 100ms;
    std::atomic<bool> stopping{false};
    SyncTransport transport(
        sync, [&] { return stopping.load(); }, limits);
    std::thread stopper([&] {
        std::this_thread::sleep_for(300ms);
        stopping = true;
    });
    auto started = std::chrono::steady_clock::now();
    kiosk::TransportResult r = transport.post("/v1/hang", {}, "{}");
    auto took = std::chrono::steady_clock::now() - started;
    stopper.join();
    release = true;
    CHECK(r.stopped);
    CHECK_FALSE(r.answer);
    CHECK(took < 1500ms);
}

TEST_CASE("an answer is read with its status, type, Server and Retry-After, and capped at 64 KiB") {
    CountingStore store(nullptr, "", [](httplib::Server& server) {
        server.Post("/v1/busy", [](const httplib::Request&, httplib::Response& a) {
            a.status = 503;
            a.set_header("Retry-After", "7");
            a.set_header("Server", "  portal/1.0  ");
            a.set_content("{\"busy\":true}", "application/problem+json");
        });
        server.Post("/v1/huge", [](const httplib::Request&, httplib::Response& a) {
            a.set_content(std::string(SyncTransport::max_answer_bytes + 1, 'x'), "application/json");
        });
    });
    SyncConfig sync;
    sync.url = store.url();
    SyncTransport transport(sync);
    kiosk::TransportResult busy = transport.post("/v1/busy", {}, "{}");
    REQUIRE(busy.answer);
    CHECK(busy.answer->status == 503);
    CHECK(busy.answer->content_type == "application/problem+json");
    CHECK(busy.answer->server == "portal/1.0");
    CHECK(busy.answer->retry_after == 7s);
    CHECK(busy.answer->body == "{\"busy\":true}");
    kiosk::TransportResult huge = transport.post("/v1/huge", {}, "{}");
    CHECK_FALSE(huge.answer);
    CHECK_THAT(huge.error, Catch::Contains("longer than 64 KiB"));
}

TEST_CASE("a store that closes the connection during the upload is an error, and the kiosk lives on") {
    // A listener that closes its side at once, reads a little of the request and drops the
    // connection with the rest unread (a reset).
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), size) == 0);
    REQUIRE(::listen(listener, 4) == 0);
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    std::thread dropper([listener] {
        for (int i = 0; i < 3; ++i) {
            int client = ::accept(listener, nullptr, nullptr);
            if (client < 0) return;
            ::shutdown(client, SHUT_WR);
            char buffer[64 * 1024];
            (void)::recv(client, buffer, sizeof buffer, MSG_WAITALL);
            ::close(client);
        }
    });
    // httplib's servers in this test program ignore SIGPIPE for the whole process; the kiosk does not.
    auto earlier = std::signal(SIGPIPE, SIG_DFL);
    SyncConfig sync;
    sync.url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    SyncTransport transport(sync);
    for (int i = 0; i < 3; ++i) {
        kiosk::TransportResult r = transport.post("/v1/batches", {}, std::string(32 * 1024 * 1024, 'x'));
        CHECK_FALSE(r.answer);
        CHECK_FALSE(r.error.empty());
        CHECK_THAT(r.error, !Catch::Contains("could not connect"));  // it did connect
    }
    std::signal(SIGPIPE, earlier);
    dropper.join();
    ::close(listener);
}

TEST_CASE("a SIGPIPE raised during a POST is taken, neither delivered nor left pending") {
    auto earlier = std::signal(SIGPIPE, SIG_DFL);  // delivered, it would end this test program
    {
        kiosk::SigpipeBlocked blocked;
        REQUIRE(::raise(SIGPIPE) == 0);  // as a write to a reset connection raises it, in this thread
    }
    sigset_t pending;
    REQUIRE(sigpending(&pending) == 0);
    CHECK(sigismember(&pending, SIGPIPE) == 0);
    std::signal(SIGPIPE, earlier);
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date in any of its three forms") {
    const std::time_t date = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example)
    CHECK(kiosk::parse_retry_after("120", date) == 120s);
    CHECK(kiosk::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", date - 30) == 30s);
    CHECK(kiosk::parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", date - 30) == 30s);
    CHECK(kiosk::parse_retry_after("Sun Nov  6 08:49:37 1994", date - 30) == 30s);
    CHECK(kiosk::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", date + 30) == 0s);  // already past
    CHECK_FALSE(kiosk::parse_retry_after("soon", date));
    CHECK_FALSE(kiosk::parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", date));
    CHECK_FALSE(kiosk::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT and more", date));
    CHECK_FALSE(kiosk::parse_retry_after("-5", date));
}
