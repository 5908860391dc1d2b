// POST /v1/site-scores over real HTTP on a real SQLite ledger (docs/protocol.md, "A site's figures"):
// a kiosk gets its own site's figures, never another site's, signed by the store over its request and
// the answer's bytes; a kiosk that is revoked, unknown, or asks for a bad period or time zone is refused
// with a signed problem. The signature is checked here with libsodium and this file's own copy of the
// signing text, not the store's code. The figures themselves are checked in ledger_site_scores_test.cpp.
#include <catch2/catch.hpp>

#include "service_harness.hpp"
#include "site_scores_answer.hpp"

using namespace central_test;

namespace {

constexpr const char* path = "/v1/site-scores";

bool verifies(const std::string& text, const std::string& field, const std::string& store_public_key) {
    unsigned char signature[crypto_sign_BYTES];
    unsigned char key[crypto_sign_PUBLICKEYBYTES];
    std::size_t size = 0;
    if (field.rfind("ed25519=", 0) != 0 ||
        sodium_base642bin(signature, sizeof signature, field.data() + 8, field.size() - 8, nullptr, &size,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        size != sizeof signature ||
        sodium_base642bin(key, sizeof key, store_public_key.data(), store_public_key.size(), nullptr, &size,
                          nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    return crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char*>(text.data()),
                                       text.size(), key) == 0;
}

// The seven lines the store signs, as docs/protocol.md writes them, built from what the kiosk sent and
// the answer's bytes.
std::string answer_text(const httplib::Headers& sent, const std::string& answer_body) {
    auto header = [&](const char* name) { return sent.find(name)->second; };
    return "charter-kiosk-site-scores-v1\nPOST /v1/site-scores\n" + header("Kiosk-Id") + "\n" +
           header("Kiosk-Request-Id") + "\n" + header("Kiosk-Time") + "\n" + header("Kiosk-Body-Digest") +
           "\n" + digest_field(answer_body) + "\n";
}

json request_body(const std::string& period = "7d") {
    return {{"period", period}, {"with_bursts", true}, {"time_zone", "Europe/Amsterdam"}};
}

struct Fixture {
    TempDir dir;
    std::unique_ptr<central::Ledger> ledger = [this] {
        auto opened = central::open_ledger("sqlite:" + dir.file("central.db"), 4);
        opened->migrate();
        return opened;
    }();
    std::unique_ptr<RunningService> service = std::make_unique<RunningService>(*ledger);
    TestKiosk town_a{"town-a"}, town_b{"town-b"}, north{"north"};
    int requests = 0;

    Fixture() {
        service->now_ms = 1'796'043'600'000;  // 2026-11-30T13:00:00Z, 14:00 in Amsterdam
        for (TestKiosk* kiosk : {&town_a, &town_b, &north})
            ledger->enrol(kiosk->id, kiosk->public_key_text(), 1000);
        // Every rating of batch_json finishes 2026-11-30T09:01:40.120Z with grade 8.
        send(town_a, "Town hall", 3);
        send(town_b, "Town hall", 2);
        send(north, "North office", 4);
    }
    void send(const TestKiosk& kiosk, const std::string& site, int count) {
        json batch = batch_json(kiosk.id, uuid(++requests), 1, count);
        for (json& rating : batch["ratings"]) {
            rating["site"] = site;
            rating["id"] = uuid(1000 * requests + rating["seq"].get<int>());
        }
        std::string body = batch.dump();
        auto result = service->client().Post(
            "/v1/batches", kiosk.headers("POST /v1/batches", batch["batch_id"], service->now_seconds(), body),
            body, "application/json");
        REQUIRE(result);
        REQUIRE(result->status == 200);
    }
    struct Asked {
        httplib::Result result;
        httplib::Headers sent;
    };
    Asked ask(const TestKiosk& kiosk, const std::string& body) {
        httplib::Headers sent =
            kiosk.headers(std::string("POST ") + path, uuid(++requests), service->now_seconds(), body);
        httplib::Result result = service->client().Post(path, sent, body, "application/json");
        REQUIRE(result);
        return Asked{std::move(result), std::move(sent)};
    }
};

}  // namespace

TEST_CASE("a kiosk gets its own site's figures signed by the store over its request and the answer",
          "[site-scores]") {
    Fixture f;
    auto [result, sent] = f.ask(f.town_a, request_body().dump());
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == "application/json");
    const std::string signature = result->get_header_value("Store-Signature");
    CHECK(verifies(answer_text(sent, result->body), signature, f.service->key.public_key_text()));
    // The same signature over an answer changed by one byte, or for another request, verifies nothing.
    std::string changed = result->body;
    changed[changed.find("\"count\":5") + 8] = '6';
    CHECK_FALSE(verifies(answer_text(sent, changed), signature, f.service->key.public_key_text()));
    httplib::Headers other = sent;
    other.find("Kiosk-Request-Id")->second = uuid(999);
    CHECK_FALSE(verifies(answer_text(other, result->body), signature, f.service->key.public_key_text()));

    json answer = json::parse(result->body);
    CHECK(answer["store_id"] == "test-store");
    CHECK(answer["computed_at"] == "2026-11-30T13:00:00Z");
    CHECK(answer["site"] == "Town hall");
    CHECK(answer["period"] == "7d");
    CHECK(answer["time_zone"] == "Europe/Amsterdam");
    CHECK(answer["first_day"] == "2026-11-24");
    CHECK(answer["last_day"] == "2026-11-30");
    CHECK(answer["counter"].is_null());
    CHECK(answer["kiosks"] == 2);
    CHECK(answer["count"] == 5);  // town-a's 3 and town-b's 2; north's 4 are another site's
    CHECK(answer["average_grade"] == 8.0);
    CHECK(answer["grade_distribution"] == json({0, 0, 0, 0, 0, 0, 0, 5, 0, 0}));
    CHECK(answer["norms"]["bsc1"] == json({{"average", 4.0}, {"answers", 5}, {"not_applicable", 0}}));
    CHECK(answer["norms"]["bsc4"] == json({{"average", nullptr}, {"answers", 0}, {"not_applicable", 5}}));
    CHECK(answer["end_reasons"] ==
          json({{"completed", 5}, {"stopped", 0}, {"timed-out", 0}, {"abandoned", 0}}));
    CHECK(answer["bursts"] == 0);
    REQUIRE(answer["trend"].size() == 7);
    CHECK(answer["trend"][6] == json({{"start", "2026-11-30"}, {"count", 5}, {"average_grade", 8.0}}));
    CHECK(answer["trend"][0] == json({{"start", "2026-11-24"}, {"count", 0}, {"average_grade", nullptr}}));
    REQUIRE(answer["hours"].size() == 24);
    CHECK(answer["hours"][10] == 5);  // 09:01 UTC is 10:01 in Amsterdam
    CHECK(answer["languages"] == json({{"nl", 5}}));

    auto north = f.ask(f.north, request_body().dump());
    json theirs = json::parse(north.result->body);
    CHECK(theirs["site"] == "North office");
    CHECK(theirs["kiosks"] == 1);
    CHECK(theirs["count"] == 4);
}

TEST_CASE("a site named in the request is not read: a kiosk gets its own site's figures only",
          "[site-scores]") {
    Fixture f;
    json body = request_body();
    body["site"] = "Town hall";  // not a member of the request: ignored like any unknown one
    auto [result, sent] = f.ask(f.north, body.dump());
    REQUIRE(result->status == 200);
    json answer = json::parse(result->body);
    CHECK(answer["site"] == "North office");
    CHECK(answer["count"] == 4);
}

TEST_CASE("a revoked kiosk asking for its site's figures is refused with a signed 403", "[site-scores]") {
    Fixture f;
    f.ledger->revoke(f.town_a.id, 2000);
    auto [result, sent] = f.ask(f.town_a, request_body().dump());
    CHECK(result->status == 403);
    CHECK(problem_name(result) == "revoked-kiosk");
    json problem = json::parse(result->body);
    CHECK(problem["received_body_digest"] == "not-read");
    CHECK(problem["signature"].get<std::string>().rfind("ed25519=", 0) == 0);
    CHECK(result->get_header_value("Store-Signature").empty());
}

TEST_CASE("a kiosk that is not enrolled asking for figures is refused with 401 unknown-kiosk",
          "[site-scores]") {
    Fixture f;
    TestKiosk stranger("stranger");
    auto [result, sent] = f.ask(stranger, request_body().dump());
    CHECK(result->status == 401);
    CHECK(problem_name(result) == "unknown-kiosk");
}

TEST_CASE("a bad period, time zone or body is refused with 400 signed over the body received",
          "[site-scores]") {
    Fixture f;
    struct Case {
        std::string body;
        std::string problem;
    };
    json no_bursts = request_body();
    no_bursts.erase("with_bursts");
    json numeric_counter = request_body();
    numeric_counter["counter"] = 2;
    for (const Case& c :
         {Case{request_body("week").dump(), "bad-period"}, Case{request_body("").dump(), "bad-period"},
          Case{json({{"period", "7d"}, {"with_bursts", true}, {"time_zone", "Europe/Atlantis"}}).dump(),
               "bad-time-zone"},
          Case{json({{"period", "7d"}, {"with_bursts", true}, {"time_zone", "GMT+3"}}).dump(),
               "bad-time-zone"},
          Case{json({{"period", "7d"}, {"with_bursts", true}}).dump(), "malformed-request"},
          Case{no_bursts.dump(), "malformed-request"}, Case{numeric_counter.dump(), "malformed-request"},
          Case{"[1,2]", "malformed-request"}, Case{"not json", "malformed-request"}}) {
        INFO(c.body);
        auto [result, sent] = f.ask(f.town_a, c.body);
        CHECK(result->status == 400);
        CHECK(problem_name(result) == c.problem);
        json problem = json::parse(result->body);
        CHECK(problem["received_body_digest"] == digest_field(c.body));
        CHECK(problem.contains("signature"));
    }
}

TEST_CASE("a kiosk whose ratings the store does not hold yet is told its site is not known",
          "[site-scores]") {
    Fixture f;
    TestKiosk fresh("fresh");
    f.ledger->enrol(fresh.id, fresh.public_key_text(), 1000);
    auto [result, sent] = f.ask(fresh, request_body().dump());
    CHECK(result->status == 404);
    CHECK(problem_name(result) == "site-unknown");
}

TEST_CASE("a counter and a service filter the site's figures and are repeated in the answer",
          "[site-scores]") {
    Fixture f;
    json body = request_body("today");
    body["counter"] = "Desk 2";
    body["service"] = "passport";
    body["with_bursts"] = false;
    auto [result, sent] = f.ask(f.town_b, body.dump());
    REQUIRE(result->status == 200);
    json answer = json::parse(result->body);
    CHECK(answer["counter"] == "Desk 2");
    CHECK(answer["service"] == "passport");
    CHECK(answer["with_bursts"] == false);
    CHECK(answer["count"] == 0);  // every rating sent is for "moving"
    CHECK(answer["average_grade"].is_null());
    CHECK(answer["trend"].size() == 1);
}

TEST_CASE("an average is of the graded ratings or the answers 1 to 5 only, and null when there are none",
          "[site-scores]") {
    central::SiteScoresQuery query;
    query.period = central::SitePeriod::days_7;
    query.time_zone = "UTC";
    central::SiteFigures f;
    f.count = 3;  // one left before the grade
    f.graded = 2;
    f.grade_sum = 13;
    f.norms["bsc1"] = central::NormTally{3, 10, 2};  // two "does not apply" are not answers of 0
    f.norms["bsc4"] = central::NormTally{0, 0, 4};
    f.trend = {central::TrendTally{"2026-11-29", 1, 0, 0}, central::TrendTally{"2026-11-30", 2, 2, 13}};
    json answer = central::site_scores_json(f, query, "test-store", 0);
    CHECK(answer["average_grade"] == 6.5);
    CHECK(answer["norms"]["bsc1"]["average"] == 10.0 / 3.0);
    CHECK(answer["norms"]["bsc4"]["average"].is_null());
    CHECK(answer["trend"][0]["average_grade"].is_null());
    CHECK(answer["trend"][1]["average_grade"] == 6.5);
    CHECK(answer["computed_at"] == "1970-01-01T00:00:00Z");
}
