// Configuration: the documented default loads; every kind of mistake is reported with file:line and key.
#include <catch2/catch.hpp>

#include <fstream>

#include "config.hpp"
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
database = "/tmp/x.db"

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
    expect_problem(replace(valid, "idle_seconds = 30", "idle_secs = 30"), 19, "survey.idle_secs", "unknown key");
}

TEST_CASE("config error: wrong type") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_seconds = \"30\""), 19, "survey.idle_seconds", "whole number");
}

TEST_CASE("config error: value out of range") {
    expect_problem(replace(valid, "idle_seconds = 30", "idle_seconds = 2"), 19, "survey.idle_seconds", "between 5 and 600");
}

TEST_CASE("config error: unknown norm") {
    expect_problem(replace(valid, "\"bsc2\", \"wait\"", "\"bsc11\", \"wait\""), 17, "survey.norms", "unknown norm 'bsc11'");
}

TEST_CASE("config error: language without a catalogue") {
    expect_problem(replace(valid, "enabled = [\"nl\", \"en\"]", "enabled = [\"nl\", \"xx\"]"), 13, "languages.enabled",
                   "no catalogue for language 'xx'");
}

TEST_CASE("config error: default language not enabled") {
    expect_problem(replace(valid, "default = \"nl\"", "default = \"de\""), 14, "languages.default", "not one of");
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
    expect_problem(replace(valid, "\"moving\"]", "\"bakery\"]"), 8, "site.services", "unknown service 'bakery'");
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
    expect_problem(valid + "\n[display]\nrenderer = \"vulkan\"\n", 29, "display.renderer", "\"auto\", \"opengl\" or \"software\"");
}

TEST_CASE("config error: kiosk id with spaces") {
    expect_problem(replace(valid, "id = \"k1\"", "id = \"kiosk one\""), 2, "kiosk.id", "letters, digits");
}

TEST_CASE("a missing local text in an enabled language is a warning, not a refusal") {
    ConfigResult r = load_config_text(replace(valid, "question.en = \"Helped quickly?\"\n", ""), "test.toml", context());
    REQUIRE(r.ok());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].warning);
    CHECK(describe(r.problems[0]).find("warning: local_norms[1].question: no text for 'en'") != std::string::npos);
}

TEST_CASE("several mistakes are all reported in one pass") {
    std::string text = replace(replace(valid, "idle_seconds = 30", "idle_seconds = 2"), "default = \"nl\"", "default = \"fr\"");
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
    CHECK(describe(r.problems.at(0)) == dir.file("k.toml") + ":9: site.grade_target: must be between 1 and 10, not 12");
}
