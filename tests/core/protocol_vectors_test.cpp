// The protocol's golden vectors (tests/protocol/vectors.json: docs/protocol.md's examples, byte for byte)
// recomputed by the kiosk's own code: its configuration reads the store's key, its key file gives its
// key, its signer makes the headers, its receipt and refusal checks accept the store's answers, its
// site-scores client writes the documented request and takes the documented signed figures.
// kiosk-central checks the same file with its own code (tests/central/protocol_vectors_test.cpp).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "kiosk_key.hpp"
#include "protocol/base64.hpp"
#include "protocol/digest.hpp"
#include "protocol/utc_text.hpp"
#include "receipt.hpp"
#include "refusal.hpp"
#include "site_scores_client.hpp"
#include "sync_signing.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using nlohmann::json;

namespace {

const json& vectors() {
    static const json v = [] {
        std::ifstream in(KIOSK_SOURCE_DIR "/tests/protocol/vectors.json");
        REQUIRE(in);
        return json::parse(in);
    }();
    return v;
}

std::string text(const json& value) { return value.get<std::string>(); }

// The kiosk's configuration with the vectors' kiosk id and store key, read as the kiosk reads it.
KioskConfig vector_config() {
    const json& keys = vectors()["keys"];
    ConfigContext context;
    context.available_languages = {"nl"};
    ConfigResult r = load_config_text(
        "[kiosk]\nid = \"" + text(keys["kiosk_id"]) +
            "\"\ndatabase = \"/tmp/kiosk-vectors/x.db\"\n[site]\nname = \"Town hall\"\ncounter = \"Desk 2\"\n"
            "followup_url = \"https://example.org/f?ref={ref}\"\n[languages]\nenabled = [\"nl\"]\n"
            "default = \"nl\"\n[survey]\nnorms = [\"bsc1\", \"bsc2\"]\nnorms_per_visit = 2\n[sync]\n"
            "url = \"http://127.0.0.1:8480\"\nstore_public_key = \"" +
            text(keys["store_public_key"]) + "\"\n",
        "vectors.toml", context);
    REQUIRE(r.ok());
    return *r.config;
}

// The kiosk's key from the vectors' key file, loaded as the kiosk loads its own.
KioskKey vector_kiosk_key(const TempDir& dir) {
    std::string path = dir.file("kiosk.key");
    { std::ofstream(path, std::ios::binary) << text(vectors()["keys"]["kiosk_key_file"]); }
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    return KioskKey::load_or_create(path);
}

SignedRequest vector_request() {
    const json& q = vectors()["request"];
    return {text(q["method_and_path"]), text(q["kiosk_id"]), text(q["request_id"]),
            q["kiosk_time"].get<std::int64_t>(), text(q["body_digest"])};
}

}  // namespace

TEST_CASE("vectors: the kiosk's key file gives the documented key and enrolment code") {
    TempDir dir;
    KioskKey key = vector_kiosk_key(dir);
    const json& keys = vectors()["keys"];
    CHECK(key.public_key_text() == text(keys["kiosk_public_key"]));
    CHECK(enrolment_code(vector_config().kiosk_id, key) == text(keys["enrolment_code"]));
    // A key the kiosk makes is written in the same form: the first line, then 43 characters and '\n'.
    std::string made = dir.file("made/kiosk.key");
    KioskKey::load_or_create(made);
    std::ifstream in(made, std::ios::binary);
    std::string first, seed, rest;
    std::getline(in, first);
    std::getline(in, seed);
    CHECK(first == text(keys["kiosk_key_file"]).substr(0, text(keys["kiosk_key_file"]).find('\n')));
    CHECK(seed.size() == 43);
    CHECK_FALSE(std::getline(in, rest));
}

TEST_CASE("vectors: the kiosk signs the documented request byte for byte") {
    TempDir dir;
    KioskKey key = vector_kiosk_key(dir);
    const json& q = vectors()["request"];
    CHECK(protocol::sha256_field(text(q["body"])) == text(q["body_digest"]));
    SignedRequest request = vector_request();
    CHECK(request_signing_text(request) == text(q["signing_text"]));
    CHECK(request_signature(request, key) == text(q["signature"]));
    CHECK(signed_headers(request, key) == q["headers"].get<std::vector<std::string>>());
}

TEST_CASE("vectors: the kiosk takes the documented receipt as delivery of its batch") {
    KioskConfig config = vector_config();
    const json& r = vectors()["receipt"];
    ExpectedReceipt expected{config.kiosk_id, text(r["batch_id"]), text(r["body_digest"]),
                             r["ratings"].get<int>()};
    ReceiptCheck check = check_receipt(text(r["answer"]), config.sync->store_public_key, expected);
    INFO(check.problem);
    CHECK(check.valid);
    CHECK(check.receipt.store_id == text(r["store_id"]));
    CHECK(check.receipt.accepted == r["accepted"].get<std::int64_t>());
    CHECK(check.receipt.already_present == r["already_present"].get<std::int64_t>());
    CHECK(check.receipt.received == text(r["received"]));
    CHECK(receipt_signing_text(check.receipt) == text(r["signing_text"]));
    // The same answer with one character of its signature changed is not delivery.
    std::string forged = text(r["answer"]);
    std::size_t at = forged.find(text(r["signature"]).substr(8, 20));
    REQUIRE(at != std::string::npos);
    forged[at] = forged[at] == 'A' ? 'B' : 'A';
    CHECK_FALSE(check_receipt(forged, config.sync->store_public_key, expected).valid);
}

TEST_CASE("vectors: the kiosk trusts the documented refusal of its request, and only for that request") {
    TempDir dir;
    KioskKey key = vector_kiosk_key(dir);
    KioskConfig config = vector_config();
    const json& f = vectors()["refusal"];
    SentRequest sent{vector_request(), ""};
    sent.signature = request_signature(sent.request, key);
    RefusalText facts{text(f["store_id"]), f["status"].get<long>(), text(f["problem"]),
                      f["store_time"].get<std::int64_t>(), text(f["received_body_digest"])};
    CHECK(refusal_signing_text(facts, sent) == text(f["signing_text"]));
    HttpAnswer answer;
    answer.status = f["status"].get<long>();
    answer.content_type = "application/problem+json";
    answer.body = json{{"type", "https://charter-kiosk.invalid/problems/" + text(f["problem"])},
                       {"status", f["status"]},
                       {"store_id", f["store_id"]},
                       {"store_time", f["store_time"]},
                       {"received_body_digest", f["received_body_digest"]},
                       {"signature", f["signature"]}}
                      .dump();
    RefusalCheck check = check_refusal(answer, sent, config.sync->store_public_key);
    INFO(check.why);
    CHECK(check.trust == RefusalTrust::trusted);
    answer.status = 400;  // the same signature for another status is not the store's
    CHECK(check_refusal(answer, sent, config.sync->store_public_key).trust == RefusalTrust::not_the_stores);
}

TEST_CASE("vectors: the kiosk asks for its site's figures as documented and takes only the signed answer") {
    TempDir dir;
    const json& v = vectors()["site_scores"];
    SiteScoresRequest request;
    request.period = "today";
    request.with_bursts = false;
    request.time_zone = "Europe/Amsterdam";
    CHECK(site_scores_request_body(request) == text(v["body"]));
    SignedRequest signed_request{text(v["method_and_path"]), text(v["kiosk_id"]), text(v["request_id"]),
                                 v["kiosk_time"].get<std::int64_t>(), text(v["body_digest"])};
    CHECK(request_signing_text(signed_request) == text(v["request_signing_text"]));
    CHECK(signed_headers(signed_request, vector_kiosk_key(dir)) ==
          v["headers"].get<std::vector<std::string>>());

    const SentRequest sent{signed_request, text(v["request_signature"])};
    HttpAnswer answer;
    answer.status = 200;
    answer.body = text(v["answer"]);
    answer.store_signature = text(v["signature"]);
    const protocol::PublicKey store_key = vector_config().sync->store_public_key;
    CHECK(signed_by_the_store(answer, sent, store_key));
    std::string why;
    std::optional<SiteScores> scores = read_site_scores(answer.body, why);
    INFO(why);
    REQUIRE(scores);
    CHECK(scores->store_id == text(v["store_id"]));
    CHECK(scores->count == 2);
    CHECK(scores->average_grade == std::optional<double>(7.5));
    CHECK(scores->norms.at("bsc1").average == std::optional<double>(4.5));

    // The same answer for another request (a replay), or with one figure changed, is not the store's.
    SentRequest other = sent;
    other.request.request_id = text(vectors()["request"]["request_id"]);
    CHECK_FALSE(signed_by_the_store(answer, other, store_key));
    HttpAnswer changed = answer;
    changed.body[changed.body.find("\"count\":2") + 8] = '3';
    CHECK_FALSE(signed_by_the_store(changed, sent, store_key));
}

TEST_CASE("vectors: the kiosk writes times, digests and base64 as documented") {
    for (const json& u : vectors()["utc_write"])
        CHECK(protocol::utc_ms_text(u["ms"].get<std::int64_t>()) == text(u["ms_text"]));
    for (const json& d : vectors()["digests"])
        CHECK(protocol::sha256_field(text(d["text"])) == text(d["field"]));
    for (const json& b : vectors()["base64"]) {
        std::string hex = text(b["hex"]), bytes;
        for (std::size_t i = 0; i < hex.size(); i += 2)
            bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
        CHECK(protocol::base64(bytes) == text(b["base64"]));
        CHECK(protocol::base64url(bytes) == text(b["base64url"]));
        CHECK(protocol::decode_base64(text(b["base64"]), bytes.size()) == bytes);
        CHECK(protocol::decode_base64url(text(b["base64url"]), bytes.size()) == bytes);
    }
}
