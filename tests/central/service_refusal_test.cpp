// The store signs its refusals of a kiosk's request (docs/protocol.md, "Signed refusals", protocol 2):
// over the request as it arrived and the body digest it received, so that a kiosk can tell them from a
// middlebox's answers and from a refusal of bytes other than those it sent.
#include <catch2/catch.hpp>

#include "service_fake_ledger.hpp"
#include "service_harness.hpp"

using namespace central_test;

namespace {

struct Fixture {
    FakeLedger ledger;
    TestKiosk kiosk{"kiosk-7"};
    RunningService service{ledger};

    Fixture() { ledger.enrol(kiosk.id, kiosk.public_key_text(), 1000); }
    httplib::Result post(const std::string& path, const std::string& body, const httplib::Headers& headers) {
        return service.client().Post(path.c_str(), headers, body, "application/json");
    }
};

std::string header(const httplib::Headers& headers, const std::string& name) {
    auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
}

// The kiosk's side: the twelve lines rebuilt from what it sent and the answer's members.
std::string signing_text(const json& answer, int status, const std::string& method_and_path,
                         const httplib::Headers& sent, const std::string& received_body_digest) {
    std::string type = answer.at("type");
    return "charter-kiosk-refusal-v2\n" + answer.at("store_id").get<std::string>() + "\n" +
           std::to_string(status) + "\n" + type.substr(type.rfind('/') + 1) + "\n" +
           std::to_string(answer.at("store_time").get<std::int64_t>()) + "\n" + method_and_path + "\n" +
           header(sent, "Kiosk-Id") + "\n" + header(sent, "Kiosk-Request-Id") + "\n" +
           header(sent, "Kiosk-Time") + "\n" + header(sent, "Kiosk-Body-Digest") + "\n" +
           header(sent, "Kiosk-Signature") + "\n" + received_body_digest + "\n";
}

bool verifies(const json& answer, const std::string& text, const std::string& store_public_key) {
    std::string field = answer.value("signature", "");
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

}  // namespace

TEST_CASE("a batch conflict is signed over the request and the body the store received") {
    Fixture f;
    std::string first = batch_json("kiosk-7", uuid(1), 1, 2).dump();
    REQUIRE(f.post("/v1/batches", first,
                   f.kiosk.headers("POST /v1/batches", uuid(1), f.service.now_seconds(), first))
                ->status == 200);
    std::string other = batch_json("kiosk-7", uuid(1), 1, 3).dump();
    httplib::Headers sent = f.kiosk.headers("POST /v1/batches", uuid(1), f.service.now_seconds(), other);
    auto result = f.post("/v1/batches", other, sent);
    REQUIRE(result);
    CHECK(result->status == 409);
    json answer = body_json(result);
    CHECK(answer["store_id"] == "test-store");
    CHECK(answer["store_time"] == f.service.now_seconds());
    CHECK(answer["received_body_digest"] == digest_field(other));
    const std::string key = f.service.key.public_key_text();
    CHECK(verifies(answer, signing_text(answer, 409, "POST /v1/batches", sent, digest_field(other)), key));
    // About bytes other than those sent, or for another status or request, it does not verify.
    CHECK_FALSE(
        verifies(answer, signing_text(answer, 409, "POST /v1/batches", sent, digest_field(first)), key));
    CHECK_FALSE(
        verifies(answer, signing_text(answer, 400, "POST /v1/batches", sent, digest_field(other)), key));
    CHECK_FALSE(
        verifies(answer, signing_text(answer, 409, "POST /v1/heartbeats", sent, digest_field(other)), key));
}

TEST_CASE("a stale-timestamp is signed with the store's time so a kiosk can adopt it") {
    Fixture f;
    std::string body = batch_json("kiosk-7", uuid(2), 1, 1).dump();
    httplib::Headers sent =
        f.kiosk.headers("POST /v1/batches", uuid(2), f.service.now_seconds() - 7200, body);
    auto result = f.post("/v1/batches", body, sent);
    REQUIRE(result);
    CHECK(result->status == 401);
    json answer = body_json(result);
    CHECK(answer["store_time"] == f.service.now_seconds());
    CHECK(answer["received_body_digest"] == "not-read");  // refused before the body was read
    CHECK(verifies(answer, signing_text(answer, 401, "POST /v1/batches", sent, "not-read"),
                   f.service.key.public_key_text()));
}

TEST_CASE("a body changed on the way is refused signed over the digest of the body received") {
    Fixture f;
    std::string body = batch_json("kiosk-7", uuid(3), 1, 1).dump();
    httplib::Headers sent = f.kiosk.headers("POST /v1/batches", uuid(3), f.service.now_seconds(), body);
    std::string changed = body;
    changed[changed.find("Desk 2")] = 'd';
    auto result = f.post("/v1/batches", changed, sent);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(problem_name(result) == "digest-mismatch");
    json answer = body_json(result);
    CHECK(answer["received_body_digest"] == digest_field(changed));
    CHECK(verifies(answer, signing_text(answer, 400, "POST /v1/batches", sent, digest_field(changed)),
                   f.service.key.public_key_text()));
}

TEST_CASE("refusals of the kiosk and of its headers are signed over the headers as received") {
    Fixture f;
    TestKiosk stranger("kiosk-9");
    std::string body = batch_json("kiosk-9", uuid(4), 1, 1).dump();
    SECTION("unknown kiosk") {
        httplib::Headers sent = stranger.headers("POST /v1/batches", uuid(4), f.service.now_seconds(), body);
        auto result = f.post("/v1/batches", body, sent);
        REQUIRE(result);
        CHECK(problem_name(result) == "unknown-kiosk");
        json answer = body_json(result);
        CHECK(verifies(answer, signing_text(answer, 401, "POST /v1/batches", sent, "not-read"),
                       f.service.key.public_key_text()));
    }
    SECTION("a stripped Kiosk-Signature: signed over an empty line, not over the kiosk's signature") {
        body = batch_json("kiosk-7", uuid(5), 1, 1).dump();
        httplib::Headers sent = f.kiosk.headers("POST /v1/batches", uuid(5), f.service.now_seconds(), body);
        httplib::Headers stripped = sent;
        stripped.erase("Kiosk-Signature");
        auto result = f.post("/v1/batches", body, stripped);
        REQUIRE(result);
        CHECK(problem_name(result) == "bad-request-headers");
        json answer = body_json(result);
        CHECK(verifies(answer, signing_text(answer, 400, "POST /v1/batches", stripped, "not-read"),
                       f.service.key.public_key_text()));
        CHECK_FALSE(verifies(answer, signing_text(answer, 400, "POST /v1/batches", sent, "not-read"),
                             f.service.key.public_key_text()));
    }
    SECTION("a heartbeat's refusal too") {
        std::string beat = R"({"protocol": 1, "kiosk_id": "kiosk-9"})";
        httplib::Headers sent =
            stranger.headers("POST /v1/heartbeats", uuid(6), f.service.now_seconds(), beat);
        auto result = f.post("/v1/heartbeats", beat, sent);
        REQUIRE(result);
        json answer = body_json(result);
        CHECK(verifies(answer, signing_text(answer, 401, "POST /v1/heartbeats", sent, "not-read"),
                       f.service.key.public_key_text()));
    }
}
