// The IT endpoints over real HTTP: the admin token, enrolment and revocation, the fleet's flags, the
// CSV export, health.
#include <catch2/catch.hpp>

#include "admin_token.hpp"
#include "fleet_view.hpp"
#include "ratings_csv.hpp"
#include "service_fake_ledger.hpp"
#include "service_harness.hpp"

using namespace central_test;

namespace {

struct AdminFixture {
    FakeLedger ledger;
    RunningService service{ledger};
    std::string token = central::make_admin_token();
    httplib::Headers auth;

    AdminFixture() {
        ledger.add_admin_token(central::admin_token_hash(token), "test", 0);
        auth = {{"Authorization", "Bearer " + token}};
    }
};

}  // namespace

TEST_CASE("the IT endpoints refuse a missing or unknown admin token with 401 unauthorised") {
    AdminFixture f;
    auto client = f.service.client();
    std::vector<httplib::Headers> wrong = {{},
                                           {{"Authorization", "Bearer " + central::make_admin_token()}},
                                           {{"Authorization", "Basic " + f.token}}};
    for (const auto& headers : wrong) {
        auto refused = [](const httplib::Result& result) {
            REQUIRE(result);
            CHECK(result->status == 401);
            CHECK(problem_name(result) == "unauthorised");
        };
        refused(client.Get("/v1/fleet", headers));
        refused(client.Get("/v1/export.csv", headers));
        refused(client.Post("/v1/kiosks", headers, "{\"code\": \"x\"}", "application/json"));
        refused(client.Post("/v1/kiosks/kiosk-7/revoke", headers, "", "application/json"));
    }
    CHECK(f.ledger.kiosks.empty());
    CHECK(client.Get("/v1/fleet", f.auth)->status == 200);
}

TEST_CASE("a kiosk is enrolled over HTTP once by its code and refused after it is revoked") {
    AdminFixture f;
    auto client = f.service.client();
    TestKiosk kiosk("kiosk.north_2");
    json code = {{"code", kiosk.enrolment_code()}};
    auto enrolled = client.Post("/v1/kiosks", f.auth, code.dump(), "application/json");
    REQUIRE(enrolled);
    CHECK(enrolled->status == 201);
    CHECK(f.ledger.kiosks.at("kiosk.north_2").public_key == kiosk.public_key_text());
    auto again = client.Post("/v1/kiosks", f.auth, code.dump(), "application/json");
    CHECK(again->status == 409);
    CHECK(problem_name(again) == "already-enrolled");
    for (std::string bad :
         {"CK2.kiosk-9." + kiosk.public_key_text(), "CK1.kiosk 9." + kiosk.public_key_text(),
          "CK1.kiosk-9." + kiosk.public_key_text().substr(1), std::string("CK1.kiosk-9")}) {
        auto refused = client.Post("/v1/kiosks", f.auth, json{{"code", bad}}.dump(), "application/json");
        INFO(bad);
        CHECK(refused->status == 400);
        CHECK(problem_name(refused) == "bad-enrolment-code");
    }
    CHECK(f.ledger.kiosks.size() == 1);

    std::string body = batch_json("kiosk.north_2", uuid(1), 1, 1).dump();
    auto headers = kiosk.headers("POST /v1/batches", uuid(1), f.service.now_seconds(), body);
    CHECK(client.Post("/v1/batches", headers, body, "application/json")->status == 200);
    auto revoked = client.Post("/v1/kiosks/kiosk.north_2/revoke", f.auth, "", "application/json");
    CHECK(revoked->status == 204);
    CHECK(client.Post("/v1/batches", headers, body, "application/json")->status == 403);
    auto unknown = client.Post("/v1/kiosks/kiosk-404/revoke", f.auth, "", "application/json");
    CHECK(unknown->status == 404);
    CHECK(problem_name(unknown) == "unknown-kiosk");
}

TEST_CASE("the fleet flags silent behind low-disk old-version and gaps from the last heartbeat") {
    const std::int64_t now = 1'795'000'000'000;
    auto entry = [&](const std::string& id, json heartbeat, std::int64_t seen_ago_ms) {
        central::FleetEntry e;
        e.kiosk_id = id;
        e.enrolled_ms = now - 10 * 86'400'000LL;
        e.last_seen_ms = now - seen_ago_ms;
        e.last_heartbeat = heartbeat.dump();
        return e;
    };
    json fine = {{"program_version", "0.10.0"},
                 {"pending_ratings", 1000},
                 {"oldest_pending_seconds", 86400},
                 {"free_disk_bytes", 100'000'000}};
    auto with = [](json j, const json& changes) {
        j.update(changes);
        return j;
    };
    std::vector<central::FleetEntry> entries = {
        entry("fine", fine, 3'600'000),
        entry("silent", fine, 3'600'001),
        entry("many-pending", with(fine, {{"pending_ratings", 1001}}), 0),
        entry("old-pending", with(fine, {{"oldest_pending_seconds", 86401}}), 0),
        entry("low-disk", with(fine, {{"free_disk_bytes", 99'999'999}}), 0),
        entry("old-version", with(fine, {{"program_version", "0.9.12"}}), 0),
        entry("gaps", fine, 0),
        entry("revoked", with(fine, {{"free_disk_bytes", 1}}), 90'000'000),
    };
    entries[6].seq_gaps = {{4, 7}};
    entries[7].revoked_ms = now - 1000;
    json fleet = central::fleet_json(entries, now);
    std::map<std::string, json> flags;
    for (const json& k : fleet["kiosks"]) flags[k["kiosk_id"]] = k["flags"];
    CHECK(flags["fine"] == json::array());
    CHECK(flags["silent"] == json{"silent"});
    CHECK(flags["many-pending"] == json{"behind"});
    CHECK(flags["old-pending"] == json{"behind"});
    CHECK(flags["low-disk"] == json{"low-disk"});
    CHECK(flags["old-version"] == json{"old-version"});
    CHECK(flags["gaps"] == json{"gaps"});
    CHECK(flags["revoked"] == json::array());
    CHECK(fleet["newest_program_version"] == "0.10.0");
    CHECK(fleet["kiosks"][6]["seq_gaps"] == json{{4, 7}});
    CHECK(fleet["kiosks"][0]["last_heartbeat"]["pending_ratings"] == 1000);
    std::string table = central::fleet_table(fleet);
    CHECK(table.find("old-version") != std::string::npos);
    CHECK(table.find("4-7") != std::string::npos);

    // And over HTTP, from the ledger's entries.
    FakeLedger ledger;
    ledger.fleet_entries = entries;
    RunningService service(ledger);
    service.now_ms = now;
    std::string token = central::make_admin_token();
    ledger.add_admin_token(central::admin_token_hash(token), "test", 0);
    auto result = service.client().Get("/v1/fleet", {{"Authorization", "Bearer " + token}});
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(body_json(result)["kiosks"] == fleet["kiosks"]);
}

TEST_CASE("the CSV export quotes as RFC 4180 with one column per norm and filters") {
    AdminFixture f;
    TestKiosk kiosk("kiosk-7");
    f.ledger.enrol(kiosk.id, kiosk.public_key_text(), 0);
    json batch = batch_json("kiosk-7", uuid(1), 1, 2);
    batch["ratings"][0]["site"] = "Town \"hall\", east";
    batch["ratings"][1]["norms_asked"] = {"bsc9"};
    batch["ratings"][1]["answers"] = {{"bsc9", 2}};
    batch["ratings"][1]["grade"] = nullptr;
    batch["ratings"][1]["finished"] = "2026-12-01T10:00:00Z";
    std::string body = batch.dump();
    auto client = f.service.client();
    REQUIRE(client
                .Post("/v1/batches",
                      kiosk.headers("POST /v1/batches", uuid(1), f.service.now_seconds(), body), body,
                      "application/json")
                ->status == 200);
    auto result = client.Get("/v1/export.csv", f.auth);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < result->body.size();) {
        std::size_t end = result->body.find("\r\n", at);
        REQUIRE(end != std::string::npos);
        lines.push_back(result->body.substr(at, end - at));
        at = end + 2;
    }
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].rfind("kiosk_id,rating_id,seq,", 0) == 0);
    CHECK(lines[0].find(",received,norm:bsc1,norm:bsc4,norm:bsc9,norm:waiting-time") != std::string::npos);
    CHECK(lines[1].find(",\"Town \"\"hall\"\", east\",") != std::string::npos);
    CHECK(lines[1].substr(lines[1].size() - 7) == ",4,0,,5");
    CHECK(lines[2].substr(lines[2].size() - 5) == ",,,2,");
    CHECK(lines[2].find(",bsc9,,2026-") != std::string::npos);  // norms asked, then no grade

    auto filtered = client.Get("/v1/export.csv?from=2026-12-01&to=2026-12-02", f.auth);
    CHECK(std::count(filtered->body.begin(), filtered->body.end(), '\n') == 2);
    auto bad = client.Get("/v1/export.csv?from=2026-13-01", f.auth);
    CHECK(bad->status == 400);
    CHECK(problem_name(bad) == "malformed-request");
}

TEST_CASE("the CSV export makes text a spreadsheet would run as a formula inert and leaves numbers") {
    central::StoredRating stored;
    stored.kiosk_id = "-kiosk";
    auto& r = stored.rating;
    r.id = "r-1";
    r.seq = 3;
    r.reference = "=cmd|' /C calc'!A0";
    r.site = "+1, east";  // needs the quote and the CSV quoting both
    r.counter = "@SUM(A1:A9)";
    r.service = "\tservice";
    r.language = "\rnl";
    r.end_reason = "finished";
    r.flags = -5;  // a number: written as one, never quoted
    r.grade = 7;
    r.norms_asked = {"bsc1"};
    r.answers = {{"bsc1", 0}};
    r.started = "2026-12-01T09:00:00Z";
    r.finished = "2026-12-01T09:01:00Z";
    const std::string row = central::csv_row(stored, {"bsc1"});
    CHECK(row.rfind("'-kiosk,r-1,3,'=cmd|' /C calc'!A0,\"'+1, east\",'@SUM(A1:A9),'\tservice,\"'\rnl\",",
                    0) == 0);
    CHECK(row.find(",finished,-5,") != std::string::npos);
    CHECK(row.substr(row.size() - 4) == ",0\r\n");
    CHECK(central::csv_field("plain text") == "plain text");
    CHECK(central::csv_field("a=b") == "a=b");  // only the first character starts a formula
    CHECK(central::csv_field("") == "");
}

TEST_CASE("health answers 503 naming the database when it answers but cannot write, ok again after") {
    FakeLedger ledger;
    RunningService service(ledger);
    auto client = service.client();
    ledger.cannot_write = true;
    auto refused = client.Get("/v1/health");
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(problem_name(refused) == "database-unavailable");
    CHECK(body_json(refused)["database"] == "cannot-write");
    CHECK(body_json(refused)["detail"].get<std::string>().find("cannot take a write") != std::string::npos);
    CHECK(refused->has_header("Retry-After"));
    ledger.cannot_write = false;
    auto healthy = client.Get("/v1/health");
    REQUIRE(healthy);
    CHECK(healthy->status == 200);
    CHECK(body_json(healthy)["database"] == "ok");
}

TEST_CASE("health answers ok and unknown paths and methods answer a problem") {
    FakeLedger ledger;
    RunningService service(ledger);
    auto client = service.client();
    auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(body_json(health)["status"] == "ok");
    CHECK(body_json(health)["database"] == "ok");
    CHECK(body_json(health)["version"] == KIOSK_VERSION);
    auto missing = client.Get("/v1/nothing");
    CHECK(missing->status == 404);
    CHECK(problem_name(missing) == "not-found");
    auto posted = client.Post("/v1/nothing", std::string(5000, 'x'), "application/json");
    CHECK(posted->status == 404);
    CHECK(problem_name(posted) == "not-found");
    auto wrong_method = client.Get("/v1/batches");
    CHECK(wrong_method->status == 405);
    CHECK(problem_name(wrong_method) == "method-not-allowed");
}
