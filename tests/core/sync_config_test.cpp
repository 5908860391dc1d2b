// The [sync] table: optional; its URL is https (http only to this machine), its store key a real
// Ed25519 key; every problem named with file:line and key.
#include <catch2/catch.hpp>
#include <fstream>

#include "config.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

// Lines 1-13 without [sync]; the [sync] table starts at line 15.
const std::string base = R"([kiosk]
id = "k1"
database = "/tmp/kiosk-config-test/x.db"
[site]
name = "Town hall"
counter = "Desk 2"
followup_url = "https://example.org/f?ref={ref}"
[languages]
enabled = ["nl"]
default = "nl"
[survey]
norms = ["bsc1", "bsc2"]
norms_per_visit = 2

)";
const std::string key = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

ConfigResult load(const std::string& sync_lines) {
    ConfigContext c;
    c.available_languages = {"nl"};
    return load_config_text(base + sync_lines, "test.toml", c);
}

// Exactly one error, starting "test.toml:LINE: KEY: " and containing `words`.
void expect_problem(const std::string& sync_lines, int line, const std::string& key_name,
                    const std::string& words) {
    ConfigResult r = load(sync_lines);
    CHECK_FALSE(r.ok());
    REQUIRE(r.problems.size() == 1);
    std::string d = describe(r.problems[0]);
    INFO(d);
    CHECK(d.rfind("test.toml:" + std::to_string(line) + ": " + key_name + ": ", 0) == 0);
    CHECK_THAT(d, Catch::Contains(words));
}

}  // namespace

TEST_CASE("without a sync table there is no sync") {
    ConfigResult r = load("");
    REQUIRE(r.ok());
    CHECK_FALSE(r.config->sync);
}

TEST_CASE("a sync table loads with its defaults") {
    ConfigResult r =
        load("[sync]\nurl = \"https://store.example.org/\"\nstore_public_key = \"" + key + "\"\n");
    for (auto& p : r.problems) INFO(describe(p));
    REQUIRE(r.ok());
    REQUIRE(r.config->sync);
    CHECK(r.config->sync->url == "https://store.example.org");
    CHECK(r.config->sync->keep_days == 400);
    CHECK(r.config->sync->heartbeat_every == std::chrono::minutes(5));
    CHECK(r.config->sync->store_public_key[0] == 0xd7);  // "11q…" decoded
}

TEST_CASE("sync url: http is refused except to this same machine") {
    expect_problem("[sync]\nurl = \"http://store.example.org\"\nstore_public_key = \"" + key + "\"\n", 16,
                   "sync.url", "travel only over https");
    expect_problem("[sync]\nurl = \"http://10.0.0.1:8080\"\nstore_public_key = \"" + key + "\"\n", 16,
                   "sync.url", "https");
    expect_problem("[sync]\nurl = \"ftp://store.example.org\"\nstore_public_key = \"" + key + "\"\n", 16,
                   "sync.url", "https://");
    expect_problem("[sync]\nurl = \"not a url\"\nstore_public_key = \"" + key + "\"\n", 16, "sync.url",
                   "not a URL");
    for (std::string local :
         {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9000/", "https://10.0.0.1"}) {
        INFO(local);
        CHECK(load("[sync]\nurl = \"" + local + "\"\nstore_public_key = \"" + key + "\"\n").ok());
    }
}

TEST_CASE("sync store_public_key must be a 43-character base64url Ed25519 key") {
    expect_problem("[sync]\nurl = \"https://s.example.org\"\nstore_public_key = \"" + key.substr(1) + "\"\n",
                   17, "sync.store_public_key", "43 characters");
    // 31 bytes, well-formed base64url: one byte short of a key.
    expect_problem(
        "[sync]\nurl = \"https://s.example.org\"\nstore_public_key = "
        "\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw\"\n",
        17, "sync.store_public_key", "43 characters");
    expect_problem("[sync]\nurl = \"https://s.example.org\"\nstore_public_key = \"" + key + "==\"\n", 17,
                   "sync.store_public_key", "base64url");
    expect_problem("[sync]\nurl = \"https://s.example.org\"\n", 15, "sync.store_public_key", "missing");
}

TEST_CASE("sync ca_file must exist and a pin must be in libcurl's sha256 form") {
    const std::string head = "[sync]\nurl = \"https://s.example.org\"\nstore_public_key = \"" + key + "\"\n";
    expect_problem(head + "ca_file = \"/nonexistent/ca.pem\"\n", 18, "sync.ca_file", "/nonexistent/ca.pem");
    expect_problem(head + "pinned_public_key = \"abc\"\n", 18, "sync.pinned_public_key", "sha256//");
    expect_problem(head + "keep_days = 0\n", 18, "sync.keep_days", "between 1");
    expect_problem(head + "heartbeat_minute = 5\n", 18, "sync.heartbeat_minute", "unknown key");
    TempDir dir;
    std::ofstream(dir.file("ca.pem")) << "-----BEGIN CERTIFICATE-----\n";
    ConfigResult r = load(head + "ca_file = \"" + dir.file("ca.pem") +
                          "\"\npinned_public_key = \"sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=;"
                          "sha256//t62CeU2tQiqkexU74Gxa2eg7fRbEgoChTociMee9wno=\"\nheartbeat_minutes = 1\n");
    for (auto& p : r.problems) INFO(describe(p));
    REQUIRE(r.ok());
    CHECK(r.config->sync->heartbeat_every == std::chrono::minutes(1));
}
