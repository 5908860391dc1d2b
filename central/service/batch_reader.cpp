#include "batch_reader.hpp"

#include <nlohmann/json.hpp>

#include "wire_text.hpp"

namespace central {
namespace {

using nlohmann::json;

// A rule the body breaks; `where` is a JSON-pointer-like path ("ratings[3].grade").
struct Malformed {
    std::string where;
    std::string why;
};

const json& member(const json& object, const char* name, const std::string& where) {
    auto found = object.find(name);
    if (found == object.end()) throw Malformed{where + name, "is missing"};
    return *found;
}

std::string text(const json& object, const char* name, const std::string& where) {
    const json& value = member(object, name, where);
    if (!value.is_string()) throw Malformed{where + name, "must be a string"};
    return value.get<std::string>();
}

std::int64_t integer(const json& object, const char* name, const std::string& where, std::int64_t low,
                     std::int64_t high) {
    const json& value = member(object, name, where);
    if (!value.is_number_integer()) throw Malformed{where + name, "must be a whole number"};
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
        throw Malformed{where + name, "must be at most " + std::to_string(high)};
    std::int64_t n = value.get<std::int64_t>();
    if (n < low || n > high)
        throw Malformed{where + name, "is " + std::to_string(n) + "; it must be from " + std::to_string(low) +
                                          " to " + std::to_string(high)};
    return n;
}

std::string utc_time(const json& object, const char* name, const std::string& where) {
    std::string value = text(object, name, where);
    if (!is_utc_time(value))
        throw Malformed{where + name, "must be a UTC time like 2026-11-30T09:01:12.345Z"};
    return value;
}

IncomingRating read_rating(const json& r, const std::string& where, std::int64_t expected_seq) {
    if (!r.is_object()) throw Malformed{where, "must be an object"};
    const std::string at = where + ".";
    IncomingRating out;
    out.id = text(r, "id", at);
    if (!is_uuid(out.id)) throw Malformed{at + "id", "must be a UUID (lower-case, hyphenated)"};
    out.seq = integer(r, "seq", at, 1, INT64_MAX);
    if (out.seq != expected_seq)
        throw Malformed{at + "seq",
                        "is " + std::to_string(out.seq) + " where " + std::to_string(expected_seq) +
                            " was due (seq runs from first_seq to last_seq without a gap, in order)"};
    out.reference = text(r, "reference", at);
    out.site = text(r, "site", at);
    out.counter = text(r, "counter", at);
    const json& service = member(r, "service", at);
    if (service.is_string())
        out.service = service.get<std::string>();
    else if (!service.is_null())
        throw Malformed{at + "service", "must be a string or null"};
    out.language = text(r, "language", at);
    const json& norms = member(r, "norms_asked", at);
    if (!norms.is_array()) throw Malformed{at + "norms_asked", "must be an array of norm ids"};
    for (const json& norm : norms) {
        if (!norm.is_string() || norm.get<std::string>().empty())
            throw Malformed{at + "norms_asked", "must hold only non-empty strings"};
        out.norms_asked.push_back(norm.get<std::string>());
    }
    const json& answers = member(r, "answers", at);
    if (!answers.is_object()) throw Malformed{at + "answers", "must be an object of norm id to 0..5"};
    for (const auto& [norm, value] : answers.items()) {
        if (norm.empty()) throw Malformed{at + "answers", "has an empty norm id"};
        out.answers[norm] = static_cast<int>(integer(answers, norm.c_str(), at + "answers.", 0, 5));
    }
    const json& grade = member(r, "grade", at);
    if (!grade.is_null()) out.grade = static_cast<int>(integer(r, "grade", at, 1, 10));
    out.started = utc_time(r, "started", at);
    out.finished = utc_time(r, "finished", at);
    const json& synchronised = member(r, "clock_synchronised", at);
    if (!synchronised.is_boolean()) throw Malformed{at + "clock_synchronised", "must be true or false"};
    out.clock_synchronised = synchronised.get<bool>();
    out.end_reason = text(r, "end_reason", at);
    if (out.end_reason != "completed" && out.end_reason != "timed-out" && out.end_reason != "abandoned" &&
        out.end_reason != "stopped")
        throw Malformed{at + "end_reason",
                        "is '" + out.end_reason + "'; it must be completed, timed-out, abandoned or stopped"};
    out.flags = integer(r, "flags", at, 0, INT64_MAX);
    out.program_version = text(r, "program_version", at);
    out.config_digest = text(r, "config_digest", at);
    return out;
}

}  // namespace

std::optional<Problem> read_batch(const std::string& body, const SignedHeaders& headers, IncomingBatch& out) {
    json batch;
    try {
        batch = json::parse(body);
    } catch (const json::parse_error& e) {
        return make_problem(400, "malformed-batch",
                            "the body is not JSON (at byte " + std::to_string(e.byte) + "): " + e.what());
    }
    if (!batch.is_object()) return make_problem(400, "malformed-batch", "the body is not a JSON object");
    // The protocol number first: a batch of another version may be shaped otherwise.
    auto protocol = batch.find("protocol");
    if (protocol == batch.end() || !protocol->is_number_integer())
        return make_problem(400, "malformed-batch", "the member protocol is missing or not a whole number");
    if (*protocol != protocol_version)
        return make_problem(400, "unsupported-protocol",
                            "the batch is protocol " + protocol->dump() + "; this store knows protocol " +
                                std::to_string(protocol_version) + " only");
    try {
        out = IncomingBatch{};
        out.batch_id = text(batch, "batch_id", "");
        if (out.batch_id != headers.request_id)
            throw Malformed{"batch_id", "is '" + out.batch_id.substr(0, 64) + "' but Kiosk-Request-Id is '" +
                                            headers.request_id + "'; they must be the same"};
        out.kiosk_id = text(batch, "kiosk_id", "");
        if (out.kiosk_id != headers.kiosk_id)
            throw Malformed{"kiosk_id", "is '" + out.kiosk_id.substr(0, 64) + "' but Kiosk-Id is '" +
                                            headers.kiosk_id + "'; a kiosk sends its own ratings only"};
        utc_time(batch, "created", "");
        out.first_seq = integer(batch, "first_seq", "", 1, INT64_MAX);
        out.last_seq = integer(batch, "last_seq", "", out.first_seq, INT64_MAX);
        const json& ratings = member(batch, "ratings", "");
        if (!ratings.is_array()) throw Malformed{"ratings", "must be an array"};
        if (ratings.empty() || ratings.size() > static_cast<std::size_t>(max_ratings_per_batch))
            throw Malformed{"ratings", "holds " + std::to_string(ratings.size()) +
                                           " ratings; a batch holds 1 to " +
                                           std::to_string(max_ratings_per_batch)};
        if (static_cast<std::uint64_t>(out.last_seq - out.first_seq) + 1 != ratings.size())
            throw Malformed{"last_seq", "makes a range of " +
                                            std::to_string(out.last_seq - out.first_seq + 1) +
                                            " seq numbers but the batch holds " +
                                            std::to_string(ratings.size()) + " ratings"};
        for (std::size_t i = 0; i < ratings.size(); ++i)
            out.ratings.push_back(read_rating(ratings[i], "ratings[" + std::to_string(i) + "]",
                                              out.first_seq + static_cast<std::int64_t>(i)));
    } catch (const Malformed& m) {
        return make_problem(400, "malformed-batch", "the member " + m.where + " " + m.why);
    }
    out.body = body;
    out.body_digest = headers.body_digest;
    return std::nullopt;
}

}  // namespace central
