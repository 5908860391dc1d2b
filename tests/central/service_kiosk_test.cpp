// The service's kiosk endpoints over real HTTP: each refusal of "Signed requests" and "A batch"
// (docs/protocol.md), the signed receipt, retries and conflicts, heartbeats, the rate limit, and an
// unreachable database.
#include <algorithm>
#include <catch2/catch.hpp>

#include "service_fake_ledger.hpp"
#include "service_harness.hpp"

using namespace central_test;

namespace {

struct Fixture {
    FakeLedger ledger;
    TestKiosk kiosk{"kiosk-7"};
    std::unique_ptr<RunningService> service;

    explicit Fixture(const std::function<void(central::ServiceOptions&)>& adjust = {}) {
        ledger.enrol(kiosk.id, kiosk.public_key_text(), 1000);
        service = std::make_unique<RunningService>(ledger, adjust);
    }
    httplib::Result post(const std::string& path, const std::string& body, const httplib::Headers& headers) {
        return service->client().Post(path.c_str(), headers, body, "application/json");
    }
    httplib::Result post_batch(const std::string& body, const std::string& batch_id,
                               const TestKiosk& signer) {
        return post("/v1/batches", body,
                    signer.headers("POST /v1/batches", batch_id, service->now_seconds(), body));
    }
    httplib::Result post_batch(const json& batch) {
        return post_batch(batch.dump(), batch["batch_id"], kiosk);
    }
};

bool receipt_verifies(const json& answer, const std::string& store_public_key) {
    const json& r = answer.at("receipt");
    std::string text = "charter-kiosk-receipt-v1\n" + r.at("store_id").get<std::string>() + "\n" +
                       r.at("kiosk_id").get<std::string>() + "\n" + r.at("batch_id").get<std::string>() +
                       "\n" + r.at("body_digest").get<std::string>() + "\n" +
                       std::to_string(r.at("accepted").get<int>()) + "\n" +
                       std::to_string(r.at("already_present").get<int>()) + "\n" +
                       r.at("received").get<std::string>() + "\n";
    std::string signature_field = answer.at("signature");
    unsigned char signature[crypto_sign_BYTES];
    unsigned char key[crypto_sign_PUBLICKEYBYTES];
    std::size_t size = 0;
    if (signature_field.rfind("ed25519=", 0) != 0 ||
        sodium_base642bin(signature, sizeof signature, signature_field.data() + 8, signature_field.size() - 8,
                          nullptr, &size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        size != sizeof signature)
        return false;
    if (sodium_base642bin(key, sizeof key, store_public_key.data(), store_public_key.size(), nullptr, &size,
                          nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    return crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char*>(text.data()),
                                       text.size(), key) == 0;
}

}  // namespace

TEST_CASE("a good batch gets a receipt signed by the store naming the batch and its counts") {
    Fixture f;
    json batch = batch_json("kiosk-7", uuid(1), 101, 3);
    std::string body = batch.dump();
    auto result = f.post_batch(body, uuid(1), f.kiosk);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == "application/json");
    json answer = body_json(result);
    const json& r = answer.at("receipt");
    CHECK(r["protocol"] == 1);
    CHECK(r["store_id"] == "test-store");
    CHECK(r["kiosk_id"] == "kiosk-7");
    CHECK(r["batch_id"] == uuid(1));
    CHECK(r["body_digest"] == digest_field(body));
    CHECK(r["accepted"] == 3);
    CHECK(r["already_present"] == 0);
    CHECK(r["received"] == "2026-11-18T11:06:40Z");
    CHECK(receipt_verifies(answer, f.service->key.public_key_text()));
    // A receipt changed on the way does not verify.
    answer["receipt"]["accepted"] = 4;
    CHECK_FALSE(receipt_verifies(answer, f.service->key.public_key_text()));
    CHECK(f.ledger.ratings.size() == 3);
}

TEST_CASE("a batch sent again gets a receipt with the counts stored the first time") {
    Fixture f;
    json batch = batch_json("kiosk-7", uuid(1), 1, 2);
    auto first = f.post_batch(batch);
    f.service->now_ms += 5000;
    auto again = f.post_batch(batch);
    REQUIRE(first);
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(body_json(again)["receipt"] == body_json(first)["receipt"]);
    CHECK(f.ledger.ratings.size() == 2);
    // A new batch holding a rating already stored counts it as already present.
    json overlapping = batch_json("kiosk-7", uuid(2), 2, 2);
    auto third = f.post_batch(overlapping);
    REQUIRE(third);
    CHECK(body_json(third)["receipt"]["accepted"] == 1);
    CHECK(body_json(third)["receipt"]["already_present"] == 1);
}

TEST_CASE("a known batch id with another body is refused with 409 and the body kept for IT") {
    Fixture f;
    REQUIRE(f.post_batch(batch_json("kiosk-7", uuid(1), 1, 2))->status == 200);
    json other = batch_json("kiosk-7", uuid(1), 1, 3);
    auto result = f.post_batch(other);
    REQUIRE(result);
    CHECK(result->status == 409);
    CHECK(problem_name(result) == "batch-conflict");
    CHECK(result->get_header_value("Content-Type") == "application/problem+json");
    json problem = body_json(result);
    CHECK(problem["status"] == 409);
    CHECK(problem["request_id"] == uuid(1));
    CHECK(problem["title"] == "Batch conflict");
    REQUIRE(f.ledger.conflicts.size() == 1);
    CHECK(f.ledger.conflicts[0].body == other.dump());
    CHECK(f.ledger.ratings.size() == 2);
}

TEST_CASE("a request not signed by the enrolled key is refused with 401 bad-signature") {
    Fixture f;
    TestKiosk impostor("kiosk-7");
    json batch = batch_json("kiosk-7", uuid(1), 1, 1);
    auto result = f.post_batch(batch.dump(), uuid(1), impostor);
    REQUIRE(result);
    CHECK(result->status == 401);
    CHECK(problem_name(result) == "bad-signature");
    // A signed header changed on the way.
    auto headers = f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds(), batch.dump());
    headers.erase("Kiosk-Time");
    headers.emplace("Kiosk-Time", std::to_string(f.service->now_seconds() - 1));
    auto changed = f.post("/v1/batches", batch.dump(), headers);
    CHECK(changed->status == 401);
    CHECK(problem_name(changed) == "bad-signature");
    // A signature for another endpoint.
    auto elsewhere =
        f.post("/v1/batches", batch.dump(),
               f.kiosk.headers("POST /v1/heartbeats", uuid(1), f.service->now_seconds(), batch.dump()));
    CHECK(problem_name(elsewhere) == "bad-signature");
    CHECK(f.ledger.ratings.empty());
}

TEST_CASE("a kiosk that is not enrolled is refused with 401 unknown-kiosk") {
    Fixture f;
    TestKiosk stranger("kiosk-8");
    auto result = f.post_batch(batch_json("kiosk-8", uuid(1), 1, 1).dump(), uuid(1), stranger);
    REQUIRE(result);
    CHECK(result->status == 401);
    CHECK(problem_name(result) == "unknown-kiosk");
}

TEST_CASE("a revoked kiosk is refused with 403 revoked-kiosk") {
    Fixture f;
    f.ledger.revoke("kiosk-7", 2000);
    auto result = f.post_batch(batch_json("kiosk-7", uuid(1), 1, 1));
    REQUIRE(result);
    CHECK(result->status == 403);
    CHECK(problem_name(result) == "revoked-kiosk");
    CHECK(f.ledger.ratings.empty());
}

TEST_CASE("a Kiosk-Time over 900 s from the store's clock is refused with the store's time") {
    Fixture f;
    std::string body = batch_json("kiosk-7", uuid(1), 1, 1).dump();
    for (std::int64_t offset : {-901, 901}) {
        auto result =
            f.post("/v1/batches", body,
                   f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds() + offset, body));
        REQUIRE(result);
        CHECK(result->status == 401);
        CHECK(problem_name(result) == "stale-timestamp");
        CHECK(body_json(result)["store_time"] == f.service->now_seconds());
    }
    auto near = f.post("/v1/batches", body,
                       f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds() - 900, body));
    CHECK(near->status == 200);
}

TEST_CASE("a body over 1 MiB as sent is refused with 413 body-too-large") {
    Fixture f;
    json batch = batch_json("kiosk-7", uuid(1), 1, 1);
    batch["padding"] = std::string(1 << 20, 'x');
    auto result = f.post_batch(batch);
    INFO("error " << httplib::to_string(result.error()));
    REQUIRE(result);
    CHECK(result->status == 413);
    CHECK(problem_name(result) == "body-too-large");
    CHECK(f.ledger.ratings.empty());
}

TEST_CASE("a gzip body is checked against its digest decoded and refused over 4 MiB decoded") {
    Fixture f;
    json fits = batch_json("kiosk-7", uuid(1), 1, 1);
    fits["padding"] = std::string(3 << 20, 'x');  // over 1 MiB decoded, far under it packed
    std::string body = fits.dump();
    auto client = f.service->client();
    client.set_compress(true);
    auto accepted = client.Post("/v1/batches",
                                f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds(), body),
                                body, "application/json");
    REQUIRE(accepted);
    CHECK(accepted->status == 200);
    CHECK(body_json(accepted)["receipt"]["body_digest"] == digest_field(body));

    json too_big = batch_json("kiosk-7", uuid(2), 2, 1);
    too_big["padding"] = std::string((4 << 20) + 1, 'x');
    std::string big_body = too_big.dump();
    auto refused = client.Post(
        "/v1/batches", f.kiosk.headers("POST /v1/batches", uuid(2), f.service->now_seconds(), big_body),
        big_body, "application/json");
    REQUIRE(refused);
    CHECK(refused->status == 413);
    CHECK(problem_name(refused) == "body-too-large");
    CHECK(f.ledger.ratings.size() == 1);
}

TEST_CASE("a body whose SHA-256 is not Kiosk-Body-Digest is refused with 400 digest-mismatch") {
    Fixture f;
    std::string signed_body = batch_json("kiosk-7", uuid(1), 1, 1).dump();
    std::string sent_body = batch_json("kiosk-7", uuid(1), 1, 2).dump();
    auto result = f.post("/v1/batches", sent_body,
                         f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds(), signed_body));
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(problem_name(result) == "digest-mismatch");
    CHECK(f.ledger.ratings.empty());
}

TEST_CASE("a missing or malformed signing header is refused with 400 bad-request-headers") {
    Fixture f;
    std::string body = batch_json("kiosk-7", uuid(1), 1, 1).dump();
    auto good = f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds(), body);
    for (const char* name :
         {"Kiosk-Id", "Kiosk-Request-Id", "Kiosk-Time", "Kiosk-Body-Digest", "Kiosk-Signature"}) {
        auto headers = good;
        headers.erase(name);
        auto result = f.post("/v1/batches", body, headers);
        REQUIRE(result);
        INFO("without " << name);
        CHECK(result->status == 400);
        CHECK(problem_name(result) == "bad-request-headers");
        CHECK(body_json(result)["detail"].get<std::string>().find(name) != std::string::npos);
    }
    for (auto [name, value] :
         {std::pair{"Kiosk-Time", "12a"},
          std::pair{"Kiosk-Request-Id", "0190F3C2-8A1B-7C3D-9E4F-0123456789AB"},
          std::pair{"Kiosk-Body-Digest", "sha-256=abc"}, std::pair{"Kiosk-Signature", "ed25519=abc"},
          std::pair{"Kiosk-Id", "kiosk 7"}}) {
        auto headers = good;
        headers.erase(name);
        headers.emplace(name, value);
        auto result = f.post("/v1/batches", body, headers);
        INFO(name << ": " << value);
        CHECK(result->status == 400);
        CHECK(problem_name(result) == "bad-request-headers");
    }
    CHECK(f.ledger.ratings.empty());
}

TEST_CASE("a malformed batch is refused with 400 naming what is wrong") {
    Fixture f;
    struct Case {
        const char* what;
        std::function<void(json&)> change;
        const char* problem;
        const char* detail_names;
    };
    std::vector<Case> cases = {
        {"kiosk id not Kiosk-Id", [](json& b) { b["kiosk_id"] = "kiosk-8"; }, "malformed-batch", "kiosk_id"},
        {"batch id not Kiosk-Request-Id", [](json& b) { b["batch_id"] = uuid(99); }, "malformed-batch",
         "batch_id"},
        {"no ratings member", [](json& b) { b.erase("ratings"); }, "malformed-batch", "ratings"},
        {"no ratings",
         [](json& b) {
             b["ratings"] = json::array();
             b["last_seq"] = 0;
         },
         "malformed-batch", "last_seq"},
        {"a seq gap", [](json& b) { b["ratings"][1]["seq"] = 4; }, "malformed-batch", "ratings[1].seq"},
        {"range not the count", [](json& b) { b["last_seq"] = 4; }, "malformed-batch", "last_seq"},
        {"grade 11", [](json& b) { b["ratings"][0]["grade"] = 11; }, "malformed-batch", "ratings[0].grade"},
        {"an answer 6", [](json& b) { b["ratings"][2]["answers"]["bsc1"] = 6; }, "malformed-batch",
         "answers"},
        {"an answer not a number", [](json& b) { b["ratings"][2]["answers"]["bsc1"] = "4"; },
         "malformed-batch", "answers"},
        {"an unknown end reason", [](json& b) { b["ratings"][0]["end_reason"] = "left"; }, "malformed-batch",
         "end_reason"},
        {"a missing member", [](json& b) { b["ratings"][0].erase("finished"); }, "malformed-batch",
         "finished"},
        {"a time not UTC", [](json& b) { b["ratings"][0]["started"] = "yesterday"; }, "malformed-batch",
         "started"},
        {"protocol 2", [](json& b) { b["protocol"] = 2; }, "unsupported-protocol", "protocol 1"},
    };
    for (const auto& c : cases) {
        json batch = batch_json("kiosk-7", uuid(1), 1, 3);
        c.change(batch);
        auto result = f.post_batch(batch.dump(), uuid(1), f.kiosk);
        INFO(c.what);
        REQUIRE(result);
        CHECK(result->status == 400);
        CHECK(problem_name(result) == c.problem);
        CHECK(body_json(result)["detail"].get<std::string>().find(c.detail_names) != std::string::npos);
    }
    auto not_json = f.post_batch("{\"protocol\": 1,", uuid(1), f.kiosk);
    CHECK(problem_name(not_json) == "malformed-batch");
    json too_many = batch_json("kiosk-7", uuid(1), 1, 1001);
    auto over = f.post_batch(too_many);
    CHECK(problem_name(over) == "malformed-batch");
    CHECK(body_json(over)["detail"].get<std::string>().find("1001") != std::string::npos);
    CHECK(f.ledger.ratings.empty());

    json newer = batch_json("kiosk-7", uuid(1), 1, 3);
    newer["from_the_future"] = {1, 2};
    newer["ratings"][0]["mood"] = "sunny";
    CHECK(f.post_batch(newer)->status == 200);
}

TEST_CASE("every end reason of the protocol is accepted and stored as sent") {
    Fixture f;
    const std::vector<std::string> reasons = {"completed", "timed-out", "abandoned", "stopped"};
    json batch = batch_json("kiosk-7", uuid(1), 1, static_cast<int>(reasons.size()));
    for (std::size_t i = 0; i < reasons.size(); ++i) batch["ratings"][i]["end_reason"] = reasons[i];
    auto result = f.post_batch(batch);
    REQUIRE(result);
    INFO(result->body);
    REQUIRE(result->status == 200);
    std::vector<std::string> stored;
    for (const auto& [key, rating] : f.ledger.ratings) stored.push_back(rating.rating.end_reason);
    std::sort(stored.begin(), stored.end());
    CHECK(stored == std::vector<std::string>{"abandoned", "completed", "stopped", "timed-out"});
}

TEST_CASE("a heartbeat is stored as sent and answered 204") {
    Fixture f;
    json heartbeat = {
        {"protocol", 1}, {"kiosk_id", "kiosk-7"}, {"sent", "2026-11-30T09:15:00Z"}, {"pending_ratings", 12}};
    std::string body = heartbeat.dump();
    auto result = f.post("/v1/heartbeats", body,
                         f.kiosk.headers("POST /v1/heartbeats", uuid(5), f.service->now_seconds(), body));
    REQUIRE(result);
    CHECK(result->status == 204);
    CHECK(f.ledger.heartbeats["kiosk-7"].first == body);

    for (json wrong : {json{{"kiosk_id", "kiosk-8"}}, json::array(), json{{"pending_ratings", 1}}}) {
        std::string text = wrong.dump();
        auto refused =
            f.post("/v1/heartbeats", text,
                   f.kiosk.headers("POST /v1/heartbeats", uuid(6), f.service->now_seconds(), text));
        INFO(text);
        CHECK(refused->status == 400);
        CHECK(problem_name(refused) == "malformed-heartbeat");
    }
    CHECK(f.ledger.heartbeats["kiosk-7"].first == body);
}

TEST_CASE("a heartbeat replayed after a newer one is answered 204 and the newer one stays") {
    Fixture f;
    auto heartbeat = [&](int pending, std::int64_t signed_seconds, int id) {
        std::string body =
            json{{"protocol", 1}, {"kiosk_id", "kiosk-7"}, {"pending_ratings", pending}}.dump();
        return std::pair{body, f.kiosk.headers("POST /v1/heartbeats", uuid(id), signed_seconds, body)};
    };
    const std::int64_t now = f.service->now_seconds();
    auto [older, older_headers] = heartbeat(12, now - 300, 8);
    auto [newer, newer_headers] = heartbeat(0, now, 9);
    CHECK(f.post("/v1/heartbeats", older, older_headers)->status == 204);
    CHECK(f.post("/v1/heartbeats", newer, newer_headers)->status == 204);
    CHECK(f.ledger.heartbeats_signed_ms["kiosk-7"] == now * 1000);  // the Kiosk-Time it signed
    f.service->now_ms += 60'000;
    auto replayed = f.post("/v1/heartbeats", older, older_headers);  // captured, sent again in the window
    REQUIRE(replayed);
    CHECK(replayed->status == 204);
    CHECK(f.ledger.heartbeats["kiosk-7"].first == newer);
}

TEST_CASE("two heartbeats signed in the same second are ordered by their sent time to the millisecond") {
    Fixture f;
    const std::int64_t now = f.service->now_seconds();
    auto post = [&](const std::string& sent, int pending, int id) {
        std::string body =
            json{{"protocol", 1}, {"kiosk_id", "kiosk-7"}, {"sent", sent}, {"pending_ratings", pending}}
                .dump();
        CHECK(f.post("/v1/heartbeats", body, f.kiosk.headers("POST /v1/heartbeats", uuid(id), now, body))
                  ->status == 204);
        return body;
    };
    // The worker's heartbeat, then `kiosk sync-now`'s 300 ms later: both in one second of Kiosk-Time.
    post("2026-11-30T09:15:00.100Z", 10, 10);
    std::string later = post("2026-11-30T09:15:00.400Z", 0, 11);
    CHECK(f.ledger.heartbeats["kiosk-7"].first == later);
    post("2026-11-30T09:15:00.100Z", 10, 10);  // the first one replayed
    CHECK(f.ledger.heartbeats["kiosk-7"].first == later);
}

TEST_CASE("more requests than the limit in a minute are refused with 429 and Retry-After") {
    Fixture f([](central::ServiceOptions& o) { o.limits.requests_per_minute = 3; });
    json heartbeat = {{"kiosk_id", "kiosk-7"}};
    std::string body = heartbeat.dump();
    auto send = [&] {
        return f.post("/v1/heartbeats", body,
                      f.kiosk.headers("POST /v1/heartbeats", uuid(7), f.service->now_seconds(), body));
    };
    for (int i = 0; i < 3; ++i) CHECK(send()->status == 204);
    f.service->now_ms += 20'000;
    auto refused = send();
    REQUIRE(refused);
    CHECK(refused->status == 429);
    CHECK(problem_name(refused) == "rate-limited");
    CHECK(refused->get_header_value("Retry-After") == "40");
    f.service->now_ms += 41'000;
    CHECK(send()->status == 204);
}

TEST_CASE("an unreachable database is answered 503 with Retry-After and never 500") {
    Fixture f([](central::ServiceOptions& o) { o.limits.retry_after_seconds = 17; });
    f.ledger.unavailable = true;
    auto batch = f.post_batch(batch_json("kiosk-7", uuid(1), 1, 1));
    REQUIRE(batch);
    CHECK(batch->status == 503);
    CHECK(problem_name(batch) == "database-unavailable");
    CHECK(batch->get_header_value("Retry-After") == "17");
    auto health = f.service->client().Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 503);
    CHECK(health->get_header_value("Retry-After") == "17");
    f.ledger.unavailable = false;
    CHECK(f.service->client().Get("/v1/health")->status == 200);
}

TEST_CASE("every request is logged in one line with method path kiosk status and no secrets") {
    Fixture f;
    json batch = batch_json("kiosk-7", uuid(1), 1, 1);
    auto headers = f.kiosk.headers("POST /v1/batches", uuid(1), f.service->now_seconds(), batch.dump());
    REQUIRE(f.post("/v1/batches", batch.dump(), headers)->status == 200);
    TestKiosk impostor("kiosk-7");
    f.post_batch(batch.dump(), uuid(1), impostor);
    f.service->client().Get("/v1/fleet", {{"Authorization", "Bearer secret-token-text"}});
    // The line is written after the answer is sent: wait for it.
    std::vector<std::string> lines;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (lines.size() < 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::lock_guard lock(f.service->log_mutex);
        lines = f.service->log_lines;
    }
    REQUIRE(lines.size() == 3);
    // Each request came on its own connection, served by any thread of the pool: in any order.
    auto logged = [&](const std::string& text) {
        return std::count_if(lines.begin(), lines.end(),
                             [&](const std::string& line) { return line.find(text) != std::string::npos; });
    };
    CHECK(logged("POST /v1/batches kiosk=kiosk-7 status=200 ") == 1);
    CHECK(logged("POST /v1/batches kiosk=kiosk-7 status=401 problem=bad-signature ") == 1);
    CHECK(logged("GET /v1/fleet kiosk=- status=401 problem=unauthorised ") == 1);
    for (const auto& line : lines) {
        CHECK(line.find(" ms") != std::string::npos);
        CHECK(line.find("secret-token-text") == std::string::npos);
        CHECK(line.find(headers.find("Kiosk-Signature")->second.substr(8, 20)) == std::string::npos);
        CHECK(line.find("Town hall") == std::string::npos);
    }
}
