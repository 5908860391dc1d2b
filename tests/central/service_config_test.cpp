// kiosk-central's configuration file and the store's key file: what is read, and what is refused with
// a message naming the file, the key and what is wrong.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "central_config.hpp"
#include "service_harness.hpp"

using namespace central_test;

namespace {

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
    std::string path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

std::string config_error(const std::string& path) {
    try {
        central::load_central_config(path);
    } catch (const central::ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the documented example configuration reads with every key") {
    central::CentralConfig c = central::load_central_config(KIOSK_SOURCE_DIR "/central/central.toml.example");
    CHECK(c.store_id == "nl-gemeente-utrecht");
    CHECK(c.database == "sqlite:/var/lib/kiosk-central/central.db");
    CHECK(c.key_file == "/etc/kiosk-central/central.key");
    CHECK(c.tls_certificate == "/etc/kiosk-central/tls/fullchain.pem");
    CHECK(c.listen_host == "0.0.0.0");
    CHECK(c.listen_port == 8443);
    CHECK(c.threads == 8);
    CHECK(c.limits.body_bytes == 1048576);
    CHECK(c.limits.decoded_body_bytes == 4194304);
    CHECK(c.limits.requests_per_minute == 120);
    CHECK(c.limits.clock_skew_seconds == 900);
    CHECK(c.limits.retry_after_seconds == 30);
    CHECK(c.database_connections == 8);
}

TEST_CASE("a configuration with defaults takes relative paths from its folder") {
    TempDir dir;
    std::string path = write(dir, "central.toml", "store_id = \"s-1\"\ndatabase = \"sqlite:c.db\"\n");
    central::CentralConfig c = central::load_central_config(path);
    CHECK(c.key_file == dir.file("central.key"));
    CHECK(c.listen_host == "127.0.0.1");
    CHECK(c.tls_certificate.empty());
    CHECK(c.limits.requests_per_minute == 120);
}

TEST_CASE("a bad configuration is refused naming the file the line the key and what is wrong") {
    TempDir dir;
    struct Case {
        std::string text;
        std::string expected;
    };
    std::vector<Case> cases = {
        {"database = \"sqlite:c.db\"\n", "central.toml: store_id: missing"},
        {"store_id = \"a b\"\ndatabase = \"sqlite:c.db\"\n",
         "central.toml:1: store_id: 'a b' must be 1 to 64"},
        {"store_id = \"s\"\ndatabase = \"sqlite:c.db\"\nthreds = 4\n", "central.toml:3: threds: unknown key"},
        {"store_id = \"s\"\ndatabase = \"sqlite:c.db\"\n[listen]\nport = 70000\n",
         "central.toml:4: listen.port: must be from 0 to 65535, not 70000"},
        {"store_id = \"s\"\ndatabase = \"sqlite:c.db\"\n[limits]\nrequests_per_minute = \"many\"\n",
         "central.toml:4: limits.requests_per_minute: must be a whole number"},
        {"store_id = \"s\"\ndatabase = \"sqlite:c.db\"\ntls_certificate = \"c.pem\"\n", "tls_key: missing"},
        {"store_id = \"s\"\ndatabase = [\n", "central.toml:2:"},
    };
    for (const auto& c : cases) {
        std::string message = config_error(write(dir, "central.toml", c.text));
        INFO(c.text);
        CHECK_THAT(message, Catch::Contains(c.expected));
        CHECK_THAT(message, Catch::Contains(dir.file("central.toml")));
    }
    CHECK_THAT(config_error(dir.file("absent.toml")), Catch::Contains("absent.toml"));
}

TEST_CASE(
    "the store's key is made once with mode 0600 and refused when others may read it or it is damaged") {
    TempDir dir;
    std::string path = dir.file("central.key");
    bool created = false;
    central::StoreKey made = central::StoreKey::load_or_create(path, created);
    CHECK(created);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::ifstream in(path);
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    CHECK(first == "charter-central-ed25519-seed-v1");
    CHECK(second.size() == 43);
    central::StoreKey again = central::StoreKey::load_or_create(path, created);
    CHECK_FALSE(created);
    CHECK(again.public_key_text() == made.public_key_text());
    CHECK(central::StoreKey::load(path).public_key_text() == made.public_key_text());

    ::chmod(path.c_str(), 0644);
    CHECK_THROWS_AS(central::StoreKey::load(path), central::StoreKeyRefused);
    CHECK_THROWS_WITH(central::StoreKey::load(path), Catch::Contains("can be read by other users"));
    ::chmod(path.c_str(), 0600);
    std::string damaged = write(dir, "damaged.key", "charter-central-ed25519-seed-v1\nnot-base64!\n");
    ::chmod(damaged.c_str(), 0600);
    CHECK_THROWS_WITH(central::StoreKey::load(damaged), Catch::Contains("is damaged"));
    std::string kiosk_key = write(dir, "kiosk.key", "charter-kiosk-ed25519-seed-v1\n" + second + "\n");
    ::chmod(kiosk_key.c_str(), 0600);
    CHECK_THROWS_WITH(central::StoreKey::load(kiosk_key), Catch::Contains("is damaged"));
    CHECK_THROWS_WITH(central::StoreKey::load(dir.file("absent.key")), Catch::Contains("kiosk-central init"));
}

TEST_CASE("two inits that meet a missing store key at once end with one key, made once, held by both") {
    // `kiosk-central init` run twice at once (two instances of one store set up together): the second
    // must read the first's key, never replace it after the first printed its public half.
    for (int round = 0; round < 20; ++round) {
        TempDir dir;
        std::string path = dir.file("central.key");
        int go[2], results[2];
        REQUIRE(::pipe(go) == 0);
        REQUIRE(::pipe(results) == 0);
        std::vector<pid_t> children;
        for (int i = 0; i < 4; ++i) {
            pid_t pid = ::fork();
            REQUIRE(pid >= 0);
            if (pid == 0) {
                ::close(go[1]);
                ::close(results[0]);
                char byte;
                while (::read(go[0], &byte, 1) > 0) {
                }  // end of file: every init goes at once
                std::string line;
                try {
                    bool created = false;
                    std::string key = central::StoreKey::load_or_create(path, created).public_key_text();
                    line = (created ? "made " : "read ") + key + "\n";
                } catch (const std::exception& e) {
                    line = std::string("error: ") + e.what() + "\n";
                }
                ssize_t written = ::write(results[1], line.data(), line.size());  // < PIPE_BUF: whole
                ::_exit(written == static_cast<ssize_t>(line.size()) ? 0 : 1);
            }
            children.push_back(pid);
        }
        ::close(go[0]);
        ::close(results[1]);
        ::close(go[1]);
        std::string all;
        char buffer[1024];
        for (ssize_t n; (n = ::read(results[0], buffer, sizeof buffer)) > 0;) all.append(buffer, n);
        ::close(results[0]);
        for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
        std::string on_disk = central::StoreKey::load(path).public_key_text();
        INFO("round " << round << ":\n" << all);
        std::istringstream lines(all);
        int made = 0, seen = 0;
        for (std::string line; std::getline(lines, line); ++seen) {
            made += line.rfind("made ", 0) == 0 ? 1 : 0;
            CHECK(line.substr(5) == on_disk);
        }
        CHECK(seen == 4);
        CHECK(made == 1);
    }
}
