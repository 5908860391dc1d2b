// Configuration: the documented default loads; every kind of mistake is reported with file:line and key.
#include "config.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "temp_dir.hpp"

using namespace kiosk;

namespace {

ConfigContext context() {
    ConfigContext c;
    c.available_languages = {"en", "nl", "de"};
    return c;
}

const std::string valid = R"([kiosk]
id = "k1"
database = "/tmp/kiosk-config-test/x.db"

[site]
name = "Town hall"
counter = "Desk 2"
services = ["passport", "moving"]
grade_target = 7
followup_url = "https://example.org/f?ref={ref}"

[languages]
enabled = ["nl", "en"]
default = "nl"

[survey]
norms = ["bsc1", "bsc2", "wait"]
norms_per_visit = 2
idle_seconds = 30

[[local_norms]]
id = "wait"
title.nl = "Wachttijd"
title.en = "Waiting time"
question.nl = "Snel geholpen?"
question.en = "Helped quickly?"
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// Loads `text` and expects exactly one error whose description starts with "test.toml:LINE: KEY: ".
void expect_problem(const std::string& text, int line, const std::string& key, const std::string& words) {
    ConfigResult result = load_config_text(text, "test.toml", context());
    INFO(text);
    CHECK_FALSE(result.ok());
    std::string expected_start = "test.toml:" + std::to_string(line) + ": " + (key.empty() ? "" : key + ": ");
    bool found = false;
    for (const auto& p : result.problems) {
        std::string d = describe(p);
        INFO("problem: " << d);
        if (d.rfind(expected_start, 0) == 0 && d.find(words) != std::string::npos) found = true;
    }
    CHECK(found);
}

}  // namespace

TEST_CASE("the valid file loads with its values") {
    ConfigResult r = load_config_text(valid, "test.toml", context());
    REQUIRE(r.ok());
    CHECK(r.config->kiosk_id == "k1");
    CHECK(r.config->services == std::vector<std::string>{"passport", "moving"});
    CHECK(r.config->norms.size() == 3);
    CHECK(r.config->local_norms.at(0).question.at("en") == "Helped quickly?");
    CHECK(r.config->idle_after == std::chrono::seconds(30));
    CHECK(r.problems.empty());
}

TEST_CASE("the documented default configuration is valid with the shipped catalogues") {
    ConfigContext c;
    c.available_languages = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hu",
                             "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};
    ConfigResult r = load_config_text(builtin_config_text(), "kiosk.toml", c);
    for (const auto& p : r.problems) INFO(describe(p));
    REQUIRE(r.ok());
    CHECK(r.problems.empty());
}

TEST_CASE("config error: TOML syntax") {
    expect_problem(replace(valid, "counter = \"Desk 2\"", "counter = \"Desk 2"), 7, "", "");
}

TEST_CASE("config error: unknown key (a typo is not ignored)") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_secs = 30"), 19, "survey.idle_secs",
                   "unknown key");
}

TEST_CASE("config error: wrong type") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_seconds = \"30\""), 19, "survey.idle_seconds",
                   "whole number");
}

TEST_CASE("config error: value out of range") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_seconds = 2"), 19, "survey.idle_seconds",
                   "between 5 and 600");
}

TEST_CASE("config error: unknown norm") {
    expect_problem(replace(valid, "\"bsc2\", \"wait\"", "\"bsc11\", \"wait\""), 17, "survey.norms",
                   "unknown norm 'bsc11'");
}

TEST_CASE("config error: language without a catalogue") {
    expect_problem(replace(valid, "enabled = [\"nl\", \"en\"]", "enabled = [\"nl\", \"xx\"]"), 13,
                   "languages.enabled", "no catalogue for language 'xx'");
}

TEST_CASE("config error: default language not enabled") {
    expect_problem(replace(valid, "default = \"nl\"", "default = \"de\""), 14, "languages.default",
                   "not one of");
}

TEST_CASE("config error: more norms per visit than norms") {
    expect_problem(replace(valid, "norms_per_visit = 2", "norms_per_visit = 4"), 18, "survey.norms_per_visit",
                   "survey.norms lists 3");
}

TEST_CASE("config error: fewer norms than a visit asks, with the default of 3") {
    expect_problem(replace(replace(valid, "norms = [\"bsc1\", \"bsc2\", \"wait\"]", "norms = [\"bsc1\"]"),
                           "norms_per_visit = 2\n", ""),
                   17, "survey.norms", "asks 3 norms");
    expect_problem(replace(valid, "norms = [\"bsc1\", \"bsc2\", \"wait\"]", "norms = []"), 18,
                   "survey.norms_per_visit", "lists 0");
}

TEST_CASE("config error: unknown service") {
    expect_problem(replace(valid, "\"moving\"]", "\"bakery\"]"), 8, "site.services",
                   "unknown service 'bakery'");
}

TEST_CASE("config error: follow-up link without {ref}") {
    expect_problem(replace(valid, "?ref={ref}", "?ref="), 10, "site.followup_url", "must contain {ref}");
}

TEST_CASE("config error: missing required key") {
    expect_problem(replace(valid, "id = \"k1\"\n", ""), 1, "kiosk.id", "missing");
}

TEST_CASE("config error: local norm without text in the default language") {
    expect_problem(replace(valid, "question.nl = \"Snel geholpen?\"\n", ""), 21, "local_norms[1].question",
                   "default language 'nl'");
}

TEST_CASE("config error: invalid renderer") {
    expect_problem(valid + "\n[display]\nrenderer = \"vulkan\"\n", 29, "display.renderer",
                   "\"auto\", \"opengl\" or \"software\"");
}

TEST_CASE("config error: kiosk id with spaces") {
    expect_problem(replace(valid, "id = \"k1\"", "id = \"kiosk one\""), 2, "kiosk.id", "letters, digits");
}

TEST_CASE("a missing local text in an enabled language is a warning, not a refusal") {
    ConfigResult r =
        load_config_text(replace(valid, "question.en = \"Helped quickly?\"\n", ""), "test.toml", context());
    REQUIRE(r.ok());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].warning);
    CHECK(describe(r.problems[0]).find("warning: local_norms[1].question: no text for 'en'") !=
          std::string::npos);
}

TEST_CASE("several mistakes are all reported in one pass") {
    std::string text = replace(replace(valid, "idle_seconds = 30", "idle_seconds = 2"), "default = \"nl\"",
                               "default = \"fr\"");
    ConfigResult r = load_config_text(text, "test.toml", context());
    CHECK(r.problems.size() == 2);
}

TEST_CASE("an unreadable file is reported by name") {
    ConfigResult r = load_config_file("/nonexistent/kiosk.toml", context());
    REQUIRE_FALSE(r.ok());
    CHECK(describe(r.problems.at(0)).rfind("/nonexistent/kiosk.toml: cannot read", 0) == 0);
}

TEST_CASE("a file is read from disk with its own name in the messages") {
    TempDir dir;
    std::ofstream(dir.file("k.toml")) << replace(valid, "grade_target = 7", "grade_target = 12");
    ConfigResult r = load_config_file(dir.file("k.toml"), context());
    REQUIRE_FALSE(r.ok());
    CHECK(describe(r.problems.at(0)) ==
          dir.file("k.toml") + ":9: site.grade_target: must be between 1 and 10, not 12");
}

TEST_CASE("config error: the database path must be absolute, on a disk, and a file of the kiosk's") {
    const std::string line = "database = \"/tmp/kiosk-config-test/x.db\"";
    expect_problem(replace(valid, line, "database = \"kiosk.db\""), 3, "kiosk.database",
                   "must be an absolute path");
    expect_problem(replace(valid, line, "database = \"~/kiosk.db\""), 3, "kiosk.database",
                   "'~' is not expanded");
    expect_problem(replace(valid, line, "database = \"/proc/kiosk.db\""), 3, "kiosk.database",
                   "virtual filesystem");
    expect_problem(replace(valid, line, "database = \"/sys/kernel/kiosk.db\""), 3, "kiosk.database",
                   "virtual filesystem");
    expect_problem(replace(valid, line, "database = \"/dev/kiosk.db\""), 3, "kiosk.database",
                   "device folder");
    TempDir dir;
    expect_problem(replace(valid, line, "database = \"" + dir.path.string() + "\""), 3, "kiosk.database",
                   "not a regular file");
    std::ofstream(dir.file("notes.txt")) << "shopping list";
    expect_problem(replace(valid, line, "database = \"" + dir.file("notes.txt") + "\""), 3, "kiosk.database",
                   "not a charter kiosk database");
    std::ofstream(dir.file("file")) << "x";
    expect_problem(replace(valid, line, "database = \"" + dir.file("file") + "/k.db\""), 3, "kiosk.database",
                   "not a folder");
}

TEST_CASE("with no database path, the default follows documented variables only") {
    struct Env {
        std::map<std::string, std::string> saved;
        Env() {
            for (const char* name : {"STATE_DIRECTORY", "XDG_STATE_HOME", "HOME"})
                if (const char* v = std::getenv(name)) saved[name] = v;
        }
        ~Env() {
            for (const char* name : {"STATE_DIRECTORY", "XDG_STATE_HOME", "HOME"}) ::unsetenv(name);
            for (auto& [k, v] : saved) ::setenv(k.c_str(), v.c_str(), 1);
        }
    } env;
    for (const char* name : {"STATE_DIRECTORY", "XDG_STATE_HOME", "HOME"}) ::unsetenv(name);
    CHECK(default_database_path().empty());
    expect_problem(replace(valid, "database = \"/tmp/kiosk-config-test/x.db\"", "database = \"\""), 1,
                   "kiosk.database", "none of STATE_DIRECTORY, XDG_STATE_HOME or HOME is set");
    ::setenv("HOME", "/home/kiosk", 1);
    CHECK(default_database_path() == "/home/kiosk/.local/state/charter-kiosk/kiosk.db");
    ::setenv("XDG_STATE_HOME", "/srv/state", 1);
    CHECK(default_database_path() == "/srv/state/charter-kiosk/kiosk.db");
    ::setenv("STATE_DIRECTORY", "/var/lib/charter-kiosk:/var/lib/other", 1);
    CHECK(default_database_path() == "/var/lib/charter-kiosk/kiosk.db");
}

TEST_CASE("config error: a window smaller than a visit can be laid out in") {
    expect_problem(valid + "\n[display]\nwidth = 1\nheight = 1\n", 29, "display.width",
                   "smaller than a visit");
    expect_problem(valid + "\n[display]\nwidth = 800\nheight = 600\n", 29, "display.width",
                   "at least 1024x768");
    CHECK(
        load_config_text(valid + "\n[display]\nwidth = 1080\nheight = 1920\n", "test.toml", context()).ok());
    CHECK(load_config_text(valid + "\n[display]\nwidth = 1024\nheight = 768\n", "test.toml", context()).ok());
}

TEST_CASE("config error: the follow-up link is https unless http is allowed on purpose, and fits a QR code") {
    const std::string https = "https://example.org/f?ref={ref}";
    expect_problem(replace(valid, https, "http://example.org/f?ref={ref}"), 10, "site.followup_url",
                   "must start with https://");
    CHECK(load_config_text(
              replace(valid, https, "http://example.org/f?ref={ref}\"\nfollowup_allow_http = true\n#\""),
              "test.toml", context())
              .ok());
    expect_problem(replace(valid, https, "https://example.org/" + std::string(5000, 'a') + "?ref={ref}"), 10,
                   "site.followup_url", "a QR code on the screen can hold");
    std::string longest =
        "https://example.org/" + std::string(max_followup_link_bytes - 20 - 9, 'a') + "{ref}";
    CHECK(longest.size() - 5 + 9 == max_followup_link_bytes);
    CHECK(load_config_text(replace(valid, https, longest), "test.toml", context()).ok());
}

TEST_CASE("config error: the tap guard is at most half a second") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_seconds = 30\ntap_guard_ms = 900"), 20,
                   "survey.tap_guard_ms", "between 0 and 500");
    ConfigResult r = load_config_text(
        replace(valid, "idle_seconds = 30", "idle_seconds = 30\ntap_guard_ms = 450"), "test.toml", context());
    REQUIRE(r.ok());
    CHECK(r.config->tap_guard == std::chrono::milliseconds(450));
    CHECK(load_config_text(valid, "test.toml", context()).config->tap_guard ==
          std::chrono::milliseconds(300));
}

TEST_CASE("config error: an enabled language whose catalogue is damaged") {
    ConfigContext c = context();
    c.available_languages.erase("en");
    c.damaged_languages["en"] = "/x/en/LC_MESSAGES/kiosk.mo: truncated catalogue";
    ConfigResult r = load_config_text(valid, "test.toml", c);
    REQUIRE_FALSE(r.ok());
    bool named = false;
    for (const auto& p : r.problems)
        named |= describe(p).find(
                     "test.toml:13: languages.enabled: the catalogue for 'en' is damaged: "
                     "/x/en/LC_MESSAGES/kiosk.mo") == 0;
    CHECK(named);
}

TEST_CASE("the counter's languages and the address to type are read") {
    std::string text = replace(valid, "default = \"nl\"", "default = \"nl\"\nat_counter = [\"en\"]");
    text = replace(text, "followup_url =", "followup_address = \"example.org/ideas\"\nfollowup_url =");
    ConfigResult result = load_config_text(text, "test.toml", context());
    REQUIRE(result.ok());
    CHECK(result.config->counter_languages == std::vector<std::string>{"en"});
    CHECK(result.config->followup_address == "example.org/ideas");
}

TEST_CASE("config error: a counter language that is not enabled, listed twice, or too many") {
    expect_problem(replace(valid, "default = \"nl\"", "default = \"nl\"\nat_counter = [\"de\"]"), 15,
                   "languages.at_counter", "'de' is not one of languages.enabled");
    expect_problem(replace(valid, "default = \"nl\"", "default = \"nl\"\nat_counter = [\"en\", \"en\"]"), 15,
                   "languages.at_counter", "listed twice");
    ConfigContext many = context();
    std::string six = replace(valid, "enabled = [\"nl\", \"en\"]",
                              "enabled = [\"nl\", \"en\", \"a1\", \"a2\", \"a3\", \"a4\", \"a5\"]");
    six = replace(six, "default = \"nl\"",
                  "default = \"nl\"\nat_counter = [\"en\", \"a1\", \"a2\", \"a3\", \"a4\", \"a5\"]");
    for (const char* code : {"a1", "a2", "a3", "a4", "a5"}) many.available_languages.insert(code);
    ConfigResult result = load_config_text(six, "test.toml", many);
    CHECK_FALSE(result.ok());
    bool found = false;
    for (const auto& p : result.problems)
        if (describe(p).find("languages.at_counter: names 6 languages; at most 5 fit") != std::string::npos)
            found = true;
    CHECK(found);
}

TEST_CASE("config error: the address to type is short, without spaces or a scheme") {
    for (const char* bad : {"https://example.org/ideas", "example.org/ideas and complaints",
                            "example.org/a-much-longer-path-than-anyone-would-type"}) {
        INFO(bad);
        expect_problem(replace(valid, "followup_url =",
                               std::string("followup_address = \"") + bad + "\"\nfollowup_url ="),
                       10, "site.followup_address", "a short address to type");
    }
}

TEST_CASE("config: the site's time zone is Europe/Amsterdam unless set, and an unknown one is named") {
    ConfigResult r = load_config_text(valid, "test.toml", context());
    REQUIRE(r.ok());
    CHECK(r.config->time_zone == "Europe/Amsterdam");
    ConfigResult sofia = load_config_text(
        replace(valid, "grade_target = 7\n", "grade_target = 7\ntime_zone = \"Europe/Sofia\"\n"), "test.toml",
        context());
    REQUIRE(sofia.ok());
    CHECK(sofia.config->time_zone == "Europe/Sofia");
    expect_problem(
        replace(valid, "grade_target = 7\n", "grade_target = 7\ntime_zone = \"Europe/Amsterdan\"\n"), 10,
        "site.time_zone", "unknown time zone 'Europe/Amsterdan'");
    expect_problem(replace(valid, "grade_target = 7\n", "grade_target = 7\ntime_zone = \"GMT+1\"\n"), 10,
                   "site.time_zone", "unknown time zone 'GMT+1'");
    expect_problem(replace(valid, "grade_target = 7\n", "grade_target = 7\ntime_zone = 1\n"), 10,
                   "site.time_zone", "must be text");
}
