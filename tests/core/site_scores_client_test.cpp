// The kiosk's client for its site's figures (kiosk/core/sync/site_scores_client.hpp) against the fake
// store: figures are taken only when the store's key signed them over the very request sent and the very
// bytes received; a refusal, an answer from something else, and a store out of reach each come back as
// an error that says which.
#include "site_scores_client.hpp"

#include <catch2/catch.hpp>

#include "sync_setup.hpp"

using namespace kiosk;
using fake_store::ScoresAnswer;

namespace {

struct ScoresSetup : SyncSetup {
    KioskConfig config = [this] {
        KioskConfig c;
        c.kiosk_id = "kiosk-7";
        c.database = database;
        c.sync = sync;
        return c;
    }();
    SiteScoresRequest request = [] {
        SiteScoresRequest r;
        r.period = "7d";
        r.counter = "Desk 2";
        r.with_bursts = true;
        r.time_zone = "Europe/Amsterdam";
        return r;
    }();
    SiteScoresResult fetch() { return fetch_site_scores(config, key, request); }
};

SiteScoresError error_of(const SiteScoresResult& result) {
    REQUIRE(std::holds_alternative<SiteScoresError>(result));
    return std::get<SiteScoresError>(result);
}

}  // namespace

TEST_CASE("a site's figures signed by the store over this request and answer are read whole",
          "[site-scores]") {
    ScoresSetup k;
    SiteScoresResult result = k.fetch();
    if (auto* error = std::get_if<SiteScoresError>(&result)) FAIL(error->message);
    const SiteScores& s = std::get<SiteScoresAnswer>(result).scores;
    CHECK(s.site == "Town hall");
    CHECK(s.store_id == "test-store");
    CHECK(s.computed_at == "2026-11-30T13:00:00Z");
    CHECK(s.period == "7d");
    CHECK(s.counter == std::optional<std::string>("Desk 2"));
    CHECK_FALSE(s.service.has_value());
    CHECK(s.kiosks == 2);
    CHECK(s.count == 3);
    CHECK(s.average_grade == std::optional<double>(7.5));
    CHECK(s.grade_distribution == std::array<std::int64_t, 10>{0, 0, 0, 0, 0, 0, 1, 1, 0, 0});
    CHECK(s.norms.at("bsc1").average == std::optional<double>(4.5));
    CHECK(s.norms.at("bsc1").answers == 2);
    CHECK(s.norms.at("bsc1").not_applicable == 1);
    CHECK_FALSE(s.norms.at("bsc4").average.has_value());
    CHECK(s.end_reasons.at("abandoned") == 1);
    REQUIRE(s.trend.size() == 2);
    CHECK(s.trend[0].start == "2026-11-29");
    CHECK_FALSE(s.trend[0].average_grade.has_value());
    CHECK(s.trend[1].count == 3);
    CHECK(s.hours[10] == 3);
    CHECK(s.languages.at("en") == 1);
    CHECK(std::get<SiteScoresAnswer>(result).json.find("\"site\":\"Town hall\"") != std::string::npos);

    // What the store received: the request, signed (the fake store checked it), and no site in it.
    REQUIRE(k.central.scores_requests().size() == 1);
    const fake_store::json sent = k.central.scores_requests().front();
    CHECK(sent == fake_store::json({{"period", "7d"},
                                    {"counter", "Desk 2"},
                                    {"with_bursts", true},
                                    {"time_zone", "Europe/Amsterdam"}}));
    CHECK(k.central.bad_signatures() == 0);
}

TEST_CASE("figures the store did not sign over this request and these bytes are not taken", "[site-scores]") {
    auto [answer, words] = GENERATE(table<ScoresAnswer, std::string>({
        {ScoresAnswer::unsigned_figures, "without the store's signature"},
        {ScoresAnswer::other_key, "without the store's signature"},
        {ScoresAnswer::changed_on_the_way, "without the store's signature"},
        {ScoresAnswer::other_request, "without the store's signature"},
        {ScoresAnswer::portal_page, "text/html, first bytes: <html>"},
        {ScoresAnswer::other_period, "figures for another request (period 30d"},
        {ScoresAnswer::unreadable, "signed figures this kiosk cannot read: no member store_id"},
        {ScoresAnswer::unsigned_revoked, "not the store's own refusal"},
        {ScoresAnswer::unavailable, "answered 503 database-unavailable"},
    }));
    ScoresSetup k;
    k.central.script_scores({answer});
    const SiteScoresError error = error_of(k.fetch());
    INFO(error.message);
    CHECK(error.kind == SiteScoresError::Kind::bad_answer);
    CHECK_THAT(error.message, Catch::Contains(words));
    CHECK_THAT(error.message, Catch::Contains(k.central.url()));
}

TEST_CASE("the store's own signed refusal is told as a refusal", "[site-scores]") {
    ScoresSetup k;
    k.central.script_scores({ScoresAnswer::revoked});
    const SiteScoresError error = error_of(k.fetch());
    CHECK(error.kind == SiteScoresError::Kind::refused);
    CHECK_THAT(error.message, Catch::Contains("refuses: 403 revoked-kiosk"));
}

TEST_CASE("a store out of reach is told as such", "[site-scores]") {
    ScoresSetup k;
    k.config.sync->url = "http://127.0.0.1:1";  // nothing listens on port 1
    const SiteScoresError error = error_of(k.fetch());
    INFO(error.message);
    CHECK(error.kind == SiteScoresError::Kind::unreachable);
    CHECK_THAT(error.message, Catch::Contains("cannot be reached") && Catch::Contains("127.0.0.1:1"));
}

TEST_CASE("a kiosk whose clock is off signs again once with the store's signed time", "[site-scores]") {
    ScoresSetup k;
    k.central.clock_ahead_s = 7200;
    SiteScoresResult result = k.fetch();
    if (auto* error = std::get_if<SiteScoresError>(&result)) FAIL(error->message);
    CHECK(k.central.scores_requests().size() == 1);
}

TEST_CASE("a kiosk without a [sync] table has no store to ask", "[site-scores]") {
    ScoresSetup k;
    k.config.sync.reset();
    const SiteScoresError error = error_of(k.fetch());
    CHECK(error.kind == SiteScoresError::Kind::no_sync);
    CHECK(k.central.scores_requests().empty());
}
