// The protocol's golden vectors (tests/protocol/vectors.json: docs/protocol.md's examples, byte for byte)
// recomputed by kiosk-central's own code: its key file gives its key, its enrolment reads the code, its
// request reader and verifier accept the documented request (in-process and over HTTP), its receipt
// maker writes the documented answer and its refusal signer the documented signature, and its site's
// figures are written and signed as documented.
// The kiosk checks the same file with its own code (tests/core/protocol_vectors_test.cpp).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "protocol/base64.hpp"
#include "protocol/digest.hpp"
#include "protocol/ids.hpp"
#include "protocol/utc_text.hpp"
#include "receipt.hpp"
#include "refusal_signature.hpp"
#include "service_fake_ledger.hpp"
#include "service_harness.hpp"
#include "signed_request.hpp"
#include "site_scores_answer.hpp"
#include "site_scores_request.hpp"
#include "store_key.hpp"

using namespace central_test;

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

protocol::Seed seed_of(const std::string& hex) {
    protocol::Seed seed{};
    REQUIRE(hex.size() == 2 * seed.size());
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return seed;
}

// The store's key from the vectors' key file, loaded as `kiosk-central serve` loads its own.
central::StoreKey vector_store_key(const TempDir& dir) {
    std::string path = dir.file("store.key");
    { std::ofstream(path, std::ios::binary) << text(vectors()["keys"]["store_key_file"]); }
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    return central::StoreKey::load(path);
}

// The documented request as it reaches the store.
httplib::Request vector_request() {
    httplib::Request request;
    request.method = "POST";
    request.path = "/v1/batches";
    for (const json& line : vectors()["request"]["headers"]) {
        std::string header = line;
        std::size_t colon = header.find(": ");
        request.headers.emplace(header.substr(0, colon), header.substr(colon + 2));
    }
    request.body = text(vectors()["request"]["body"]);
    return request;
}

}  // namespace

TEST_CASE(
    "vectors: the store's key file and seed give the documented key and the enrolment code reads back") {
    TempDir dir;
    const json& keys = vectors()["keys"];
    CHECK(vector_store_key(dir).public_key_text() == text(keys["store_public_key"]));
    CHECK(central::StoreKey::from_seed(seed_of(keys["store_seed_hex"])).public_key_text() ==
          text(keys["store_public_key"]));
    std::string why;
    auto code = protocol::read_enrolment_code(text(keys["enrolment_code"]), why);
    REQUIRE(code);
    CHECK(code->kiosk_id == text(keys["kiosk_id"]));
    CHECK(code->public_key == text(keys["kiosk_public_key"]));
    CHECK(protocol::KeyPair::from_seed(seed_of(keys["kiosk_seed_hex"])).public_key_text() ==
          text(keys["kiosk_public_key"]));
}

TEST_CASE("vectors: the store reads and verifies the documented request byte for byte") {
    const json& q = vectors()["request"];
    httplib::Request request = vector_request();
    central::SignedHeaders headers;
    auto problem = central::read_signed_headers(request, headers);
    INFO((problem ? problem->detail : ""));
    REQUIRE_FALSE(problem);
    CHECK(headers.time_seconds == q["kiosk_time"].get<std::int64_t>());
    CHECK(central::request_signing_text(text(q["method_and_path"]), headers) == text(q["signing_text"]));
    CHECK(central::signature_verifies(text(q["signing_text"]), headers.signature,
                                      text(vectors()["keys"]["kiosk_public_key"])));
    CHECK(protocol::sha256(request.body) == headers.digest);
    CHECK(protocol::sha256_field(request.body) == text(q["body_digest"]));
}

TEST_CASE("vectors: the running store takes the documented request's signature and digest") {
    FakeLedger ledger;
    ledger.enrol(text(vectors()["keys"]["kiosk_id"]), text(vectors()["keys"]["kiosk_public_key"]), 1000);
    RunningService service(ledger);
    service.now_ms = (vectors()["request"]["kiosk_time"].get<std::int64_t>() + 1) * 1000;
    httplib::Request request = vector_request();
    auto result = service.client().Post("/v1/batches", request.headers, request.body, "application/json");
    // Past the signature, the time and the digest, the store reads the body: {"protocol":1} is no batch.
    CHECK(problem_name(result) == "malformed-batch");
    CHECK(body_json(result)["received_body_digest"] == vectors()["request"]["body_digest"]);
}

TEST_CASE("vectors: the store writes the documented receipt byte for byte") {
    TempDir dir;
    const json& r = vectors()["receipt"];
    central::IncomingBatch batch;
    batch.kiosk_id = text(r["kiosk_id"]);
    batch.batch_id = text(r["batch_id"]);
    batch.body_digest = text(r["body_digest"]);
    central::BatchOutcome outcome;
    outcome.accepted = r["accepted"].get<int>();
    outcome.already_present = r["already_present"].get<int>();
    outcome.received_ms = r["received_ms"].get<std::int64_t>();
    central::Receipt receipt = central::make_receipt(text(r["store_id"]), batch, outcome);
    CHECK(receipt.received == text(r["received"]));
    CHECK(protocol::receipt_signing_text(receipt) == text(r["signing_text"]));
    CHECK(central::signed_receipt_json(receipt, vector_store_key(dir)).dump() == text(r["answer"]));
}

TEST_CASE("vectors: the store signs the documented refusal byte for byte") {
    TempDir dir;
    const json& f = vectors()["refusal"];
    central::Problem problem = central::make_problem(f["status"].get<int>(), text(f["problem"]), "conflict");
    central::sign_refusal(problem, vector_request(), text(vectors()["request"]["method_and_path"]),
                          text(f["received_body_digest"]), text(f["store_id"]),
                          f["store_time"].get<std::int64_t>(), vector_store_key(dir));
    CHECK(problem.extra["store_id"] == f["store_id"]);
    CHECK(problem.extra["store_time"] == f["store_time"]);
    CHECK(problem.extra["received_body_digest"] == f["received_body_digest"]);
    CHECK(problem.extra["signature"] == f["signature"]);
}

TEST_CASE("vectors: the store reads the documented site-scores request and writes and signs its answer") {
    TempDir dir;
    const json& v = vectors()["site_scores"];
    httplib::Request request;
    request.method = "POST";
    request.path = "/v1/site-scores";
    for (const json& line : v["headers"]) {
        std::string header = line;
        std::size_t colon = header.find(": ");
        request.headers.emplace(header.substr(0, colon), header.substr(colon + 2));
    }
    request.body = text(v["body"]);
    central::SignedHeaders headers;
    REQUIRE_FALSE(central::read_signed_headers(request, headers));
    CHECK(central::request_signing_text(text(v["method_and_path"]), headers) ==
          text(v["request_signing_text"]));
    CHECK(central::signature_verifies(text(v["request_signing_text"]), headers.signature,
                                      text(vectors()["keys"]["kiosk_public_key"])));
    CHECK(protocol::sha256_field(request.body) == text(v["body_digest"]));

    central::SiteScoresQuery query;
    REQUIRE_FALSE(central::read_site_scores_request(request.body, query));
    CHECK(query.period == central::SitePeriod::today);
    CHECK(query.time_zone == "Europe/Amsterdam");
    CHECK_FALSE(query.with_bursts);
    // The figures of the example: two ratings of one kiosk today, grades 7 and 8, bsc1 answered 4 and 5.
    central::SiteFigures f;
    f.site = "Town hall";
    f.first_day = f.last_day = "2026-11-30";
    f.kiosks = 1;
    f.count = f.graded = 2;
    f.grade_sum = 15;
    f.grades[6] = f.grades[7] = 1;
    f.norms["bsc1"] = central::NormTally{2, 9, 0};
    f.end_reasons = {{"completed", 2}, {"stopped", 0}, {"timed-out", 0}, {"abandoned", 0}};
    f.trend = {central::TrendTally{"2026-11-30", 2, 2, 15}};
    f.hours[10] = 2;
    f.languages = {{"nl", 2}};
    const std::string answer =
        central::site_scores_json(f, query, text(v["store_id"]), v["computed_at_ms"].get<std::int64_t>())
            .dump();
    CHECK(answer == text(v["answer"]));
    CHECK(protocol::sha256_field(answer) == text(v["answer_digest"]));
    CHECK(central::site_scores_signature(central::request_lines(text(v["method_and_path"]), headers), answer,
                                         vector_store_key(dir)) == text(v["signature"]));
}

TEST_CASE("vectors: the store writes and reads times, digests and base64 as documented") {
    for (const json& u : vectors()["utc_write"])
        CHECK(protocol::utc_seconds_text(u["ms"].get<std::int64_t>()) == text(u["seconds_text"]));
    for (const json& u : vectors()["utc_read"]) {
        INFO(text(u["text"]));
        auto ms = protocol::utc_time_ms(text(u["text"]));
        if (u["ms"].is_null())
            CHECK_FALSE(ms);
        else
            CHECK(ms == u["ms"].get<std::int64_t>());
    }
    for (const json& d : vectors()["digests"]) {
        CHECK(protocol::sha256_field(text(d["text"])) == text(d["field"]));
        CHECK(protocol::digest_from_field(text(d["field"])) == protocol::sha256(text(d["text"])));
    }
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
