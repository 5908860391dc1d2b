// read_batch over batch_members (central/service/batch_reader.*, batch_members.*): the batch is read
// from the parser's events, not from a tree, so these drive what a tree gave for free: members in any
// order, unknown members of any shape (even holding names the store reads), a member sent twice, and
// bodies that are not JSON. The refusals of each rule are in service_kiosk_test.cpp.
#include "batch_reader.hpp"

#include <catch2/catch.hpp>

#include "service_harness.hpp"

using namespace central_test;

namespace {

central::SignedHeaders headers_for(const std::string& batch_id) {
    central::SignedHeaders headers;
    headers.kiosk_id = "kiosk-7";
    headers.request_id = batch_id;
    headers.body_digest = "sha-256=test";
    return headers;
}

// The same members, each object's in the reverse of nlohmann's (sorted) order.
nlohmann::ordered_json reversed(const json& value) {
    if (value.is_object()) {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (auto it = value.rbegin(); it != value.rend(); ++it) out[it.key()] = reversed(*it);
        return out;
    }
    if (value.is_array()) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& item : value) out.push_back(reversed(item));
        return out;
    }
    return nlohmann::ordered_json::parse(value.dump());
}

// What a rating read says, as one line to compare.
std::string summary(const central::IncomingRating& r) {
    std::string answers;
    for (const auto& [norm, value] : r.answers) answers += norm + "=" + std::to_string(value) + " ";
    std::string norms;
    for (const auto& norm : r.norms_asked) norms += norm + " ";
    return r.id + " " + std::to_string(r.seq) + " " + r.reference + " " + r.site + " " + r.counter + " " +
           r.service.value_or("(none)") + " " + r.language + " [" + norms + "] {" + answers + "} " +
           (r.grade ? std::to_string(*r.grade) : "(none)") + " " + r.started + " " + r.finished + " " +
           (r.clock_synchronised ? "synced" : "unsynced") + " " + r.end_reason + " " +
           std::to_string(r.flags) + " " + r.program_version + " " + r.config_digest;
}

std::vector<std::string> read_ok(const std::string& body, const std::string& batch_id) {
    central::IncomingBatch batch;
    auto problem = central::read_batch(body, headers_for(batch_id), batch);
    INFO((problem ? problem->detail : std::string("read")));
    REQUIRE_FALSE(problem);
    CHECK(batch.body == body);
    std::vector<std::string> lines = {batch.batch_id + " " + batch.kiosk_id + " " +
                                      std::to_string(batch.first_seq) + "-" + std::to_string(batch.last_seq)};
    for (const auto& r : batch.ratings) lines.push_back(summary(r));
    return lines;
}

central::Problem refused(const std::string& body) {
    central::IncomingBatch batch;
    auto problem = central::read_batch(body, headers_for(uuid(1)), batch);
    REQUIRE(problem);
    return *problem;
}

}  // namespace

TEST_CASE("a batch reads the same whatever the order of its members") {
    json batch = batch_json("kiosk-7", uuid(1), 1, 3);
    batch["ratings"][1]["service"] = nullptr;
    batch["ratings"][1]["grade"] = nullptr;
    batch["ratings"][2]["end_reason"] = "stopped";
    const auto sorted = read_ok(batch.dump(), uuid(1));
    const std::string backwards = reversed(batch).dump();
    REQUIRE(backwards.find("\"ratings\"") < backwards.find("\"protocol\""));  // protocol comes last now
    CHECK(read_ok(backwards, uuid(1)) == sorted);
    CHECK(sorted.size() == 4);
    CHECK(sorted[1].find("{bsc1=4 bsc4=0 waiting-time=5 }") != std::string::npos);
    CHECK(sorted[2].find("moving") == std::string::npos);
}

TEST_CASE("unknown members of any shape are skipped even when they hold names the store reads") {
    json plain = batch_json("kiosk-7", uuid(1), 1, 2);
    const auto expected = read_ok(plain.dump(), uuid(1));
    json batch = plain;
    batch["a_future_member"] = {{"ratings", {1, 2, 3}}, {"protocol", 2}, {"kiosk_id", "kiosk-8"}};
    batch["zz_after_ratings"] = json::array({json::object({{"first_seq", 9}}), json::array({1})});
    batch["ratings"][0]["extra"] = {{"grade", 99}, {"answers", {{"bsc1", 9}}}, {"norms_asked", {1, 2}}};
    batch["ratings"][0]["nested"] = json::array({json::object({{"seq", 7}, {"id", "x"}})});
    batch["ratings"][1]["mood"] = "sunny";
    CHECK(read_ok(batch.dump(), uuid(1)) == expected);
}

TEST_CASE("a member sent twice counts once with its last value as in a JSON tree") {
    json batch = batch_json("kiosk-7", uuid(1), 1, 1);
    std::string body = batch.dump();
    const std::string grade = "\"grade\":8";
    REQUIRE(body.find(grade) != std::string::npos);
    body.replace(body.find(grade), grade.size(), "\"grade\":3,\"grade\":8");
    CHECK(read_ok(body, uuid(1)) == read_ok(batch.dump(), uuid(1)));
    body.replace(body.find("\"grade\":8"), 9, "\"grade\":11");
    CHECK(refused(body).detail.find("ratings[0].grade") != std::string::npos);
}

TEST_CASE("a body that is not JSON is refused with the byte where reading stopped") {
    const std::string good = batch_json("kiosk-7", uuid(1), 1, 1).dump();
    for (const std::string& body :
         {good.substr(0, good.size() - 1), good + "x", std::string("{\"protocol\": 1,"),
          std::string("{\"protocol\": 1e999}"), std::string()}) {
        INFO(body.substr(0, 60));
        const auto problem = refused(body);
        CHECK(problem.status == 400);
        CHECK(problem.name == "malformed-batch");
        CHECK(problem.detail.find("not JSON (at byte ") != std::string::npos);
    }
    CHECK(refused("[1, 2]").detail == "the body is not a JSON object");
    CHECK(refused("{\"protocol\": 1.0}").detail.find("not a whole number") != std::string::npos);
}

TEST_CASE("a rating or a norm of the wrong shape is refused naming where it is") {
    struct Case {
        std::function<void(json&)> change;
        const char* detail_names;
    };
    const std::vector<Case> cases = {
        {[](json& b) { b["ratings"][1] = "a rating"; }, "ratings[1] must be an object"},
        {[](json& b) {
             b["ratings"][0]["norms_asked"] = {"bsc1", 4};
         },
         "ratings[0].norms_asked must hold"},
        {[](json& b) { b["ratings"][0]["norms_asked"] = "bsc1"; }, "ratings[0].norms_asked must be an array"},
        {[](json& b) {
             b["ratings"][0]["answers"] = {1, 2};
         },
         "ratings[0].answers must be an object"},
        {[](json& b) {
             b["ratings"][0]["answers"]["bsc1"] = {{"value", 4}};
         },
         "answers.bsc1 must be a whole"},
        {[](json& b) { b["ratings"][0]["seq"] = 1.0; }, "ratings[0].seq must be a whole number"},
        {[](json& b) { b["ratings"][0]["flags"] = -1; }, "ratings[0].flags is -1"},
        {[](json& b) { b["first_seq"] = 18446744073709551615u; }, "first_seq must be at most"},
        {[](json& b) {
             b["ratings"] = {{"seq", 1}};
         },
         "ratings must be an array"},
    };
    for (const auto& c : cases) {
        json batch = batch_json("kiosk-7", uuid(1), 1, 2);
        c.change(batch);
        INFO(batch.dump().substr(0, 200));
        CHECK(refused(batch.dump()).detail.find(c.detail_names) != std::string::npos);
    }
}
