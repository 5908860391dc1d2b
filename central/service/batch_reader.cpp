#include "batch_reader.hpp"

#include "batch_members.hpp"
#include "protocol/ids.hpp"
#include "protocol/utc_text.hpp"

namespace central {
namespace {

using Kind = JsonValue::Kind;

// A rule the body breaks; `where` is a JSON-pointer-like path ("ratings[3].grade").
struct Malformed {
    std::string where;
    std::string why;
};

JsonValue& member(JsonValue& value, const char* name, const std::string& where) {
    if (value.kind == Kind::absent) throw Malformed{where + name, "is missing"};
    return value;
}

std::string text(JsonValue& value, const char* name, const std::string& where) {
    if (member(value, name, where).kind != Kind::string) throw Malformed{where + name, "must be a string"};
    return std::move(value.text);
}

std::int64_t integer(JsonValue& value, const char* name, const std::string& where, std::int64_t low,
                     std::int64_t high) {
    if (member(value, name, where).kind != Kind::integer)
        throw Malformed{where + name, "must be a whole number"};
    if (value.is_unsigned && value.unsigned_value > static_cast<std::uint64_t>(high))
        throw Malformed{where + name, "must be at most " + std::to_string(high)};
    const std::int64_t n =
        value.is_unsigned ? static_cast<std::int64_t>(value.unsigned_value) : value.signed_value;
    if (n < low || n > high)
        throw Malformed{where + name, "is " + std::to_string(n) + "; it must be from " + std::to_string(low) +
                                          " to " + std::to_string(high)};
    return n;
}

std::string utc_time(JsonValue& value, const char* name, const std::string& where) {
    std::string time = text(value, name, where);
    if (!protocol::is_utc_time(time))
        throw Malformed{where + name, "must be a UTC time like 2026-11-30T09:01:12.345Z"};
    return time;
}

IncomingRating read_rating(RatingMembers& r, const std::string& where, std::int64_t expected_seq) {
    if (r.self.kind != Kind::object) throw Malformed{where, "must be an object"};
    const std::string at = where + ".";
    IncomingRating out;
    out.id = text(r.id, "id", at);
    if (!protocol::is_uuid(out.id)) throw Malformed{at + "id", "must be a UUID (lower-case, hyphenated)"};
    out.seq = integer(r.seq, "seq", at, 1, INT64_MAX);
    if (out.seq != expected_seq)
        throw Malformed{at + "seq",
                        "is " + std::to_string(out.seq) + " where " + std::to_string(expected_seq) +
                            " was due (seq runs from first_seq to last_seq without a gap, in order)"};
    out.reference = text(r.reference, "reference", at);
    out.site = text(r.site, "site", at);
    out.counter = text(r.counter, "counter", at);
    if (member(r.service, "service", at).kind == Kind::string)
        out.service = std::move(r.service.text);
    else if (r.service.kind != Kind::null)
        throw Malformed{at + "service", "must be a string or null"};
    out.language = text(r.language, "language", at);
    if (member(r.norms_asked, "norms_asked", at).kind != Kind::array)
        throw Malformed{at + "norms_asked", "must be an array of norm ids"};
    out.norms_asked.reserve(r.norms.size());
    for (JsonValue& norm : r.norms) {
        if (norm.kind != Kind::string || norm.text.empty())
            throw Malformed{at + "norms_asked", "must hold only non-empty strings"};
        out.norms_asked.push_back(std::move(norm.text));
    }
    if (member(r.answers, "answers", at).kind != Kind::object)
        throw Malformed{at + "answers", "must be an object of norm id to 0..5"};
    for (auto& [norm, value] : r.answer_of) {
        if (norm.empty()) throw Malformed{at + "answers", "has an empty norm id"};
        out.answers.emplace_hint(out.answers.end(), norm,
                                 static_cast<int>(integer(value, norm.c_str(), at + "answers.", 0, 5)));
    }
    if (member(r.grade, "grade", at).kind != Kind::null)
        out.grade = static_cast<int>(integer(r.grade, "grade", at, 1, 10));
    out.started = utc_time(r.started, "started", at);
    out.finished = utc_time(r.finished, "finished", at);
    if (member(r.clock_synchronised, "clock_synchronised", at).kind != Kind::boolean)
        throw Malformed{at + "clock_synchronised", "must be true or false"};
    out.clock_synchronised = r.clock_synchronised.boolean;
    out.end_reason = text(r.end_reason, "end_reason", at);
    if (out.end_reason != "completed" && out.end_reason != "timed-out" && out.end_reason != "abandoned" &&
        out.end_reason != "stopped")
        throw Malformed{at + "end_reason",
                        "is '" + out.end_reason + "'; it must be completed, timed-out, abandoned or stopped"};
    out.flags = integer(r.flags, "flags", at, 0, INT64_MAX);
    out.program_version = text(r.program_version, "program_version", at);
    out.config_digest = text(r.config_digest, "config_digest", at);
    return out;
}

std::string number_text(const JsonValue& value) {
    return value.is_unsigned ? std::to_string(value.unsigned_value) : std::to_string(value.signed_value);
}

}  // namespace

std::optional<Problem> read_batch(std::string body, const SignedHeaders& headers, IncomingBatch& out) {
    BatchMembers batch;
    if (auto syntax = collect_batch_members(body, batch))
        return make_problem(
            400, "malformed-batch",
            "the body is not JSON (at byte " + std::to_string(syntax->byte) + "): " + syntax->what);
    if (batch.self.kind != Kind::object)
        return make_problem(400, "malformed-batch", "the body is not a JSON object");
    // The protocol number first: a batch of another version may be shaped otherwise.
    if (batch.protocol.kind != Kind::integer)
        return make_problem(400, "malformed-batch", "the member protocol is missing or not a whole number");
    if (batch.protocol.is_unsigned ? batch.protocol.unsigned_value != protocol_version
                                   : batch.protocol.signed_value != protocol_version)
        return make_problem(400, "unsupported-protocol",
                            "the batch is protocol " + number_text(batch.protocol) +
                                "; this store knows protocol " + std::to_string(protocol_version) + " only");
    try {
        out = IncomingBatch{};
        out.batch_id = text(batch.batch_id, "batch_id", "");
        if (out.batch_id != headers.request_id)
            throw Malformed{"batch_id", "is '" + out.batch_id.substr(0, 64) + "' but Kiosk-Request-Id is '" +
                                            headers.request_id + "'; they must be the same"};
        out.kiosk_id = text(batch.kiosk_id, "kiosk_id", "");
        if (out.kiosk_id != headers.kiosk_id)
            throw Malformed{"kiosk_id", "is '" + out.kiosk_id.substr(0, 64) + "' but Kiosk-Id is '" +
                                            headers.kiosk_id + "'; a kiosk sends its own ratings only"};
        utc_time(batch.created, "created", "");
        out.first_seq = integer(batch.first_seq, "first_seq", "", 1, INT64_MAX);
        out.last_seq = integer(batch.last_seq, "last_seq", "", out.first_seq, INT64_MAX);
        if (member(batch.ratings, "ratings", "").kind != Kind::array)
            throw Malformed{"ratings", "must be an array"};
        auto& ratings = batch.rating_list;
        if (ratings.empty() || ratings.size() > static_cast<std::size_t>(max_ratings_per_batch))
            throw Malformed{"ratings", "holds " + std::to_string(ratings.size()) +
                                           " ratings; a batch holds 1 to " +
                                           std::to_string(max_ratings_per_batch)};
        if (static_cast<std::uint64_t>(out.last_seq - out.first_seq) + 1 != ratings.size())
            throw Malformed{"last_seq", "makes a range of " +
                                            std::to_string(out.last_seq - out.first_seq + 1) +
                                            " seq numbers but the batch holds " +
                                            std::to_string(ratings.size()) + " ratings"};
        out.ratings.reserve(ratings.size());
        for (std::size_t i = 0; i < ratings.size(); ++i)
            out.ratings.push_back(read_rating(ratings[i], "ratings[" + std::to_string(i) + "]",
                                              out.first_seq + static_cast<std::int64_t>(i)));
    } catch (const Malformed& m) {
        return make_problem(400, "malformed-batch", "the member " + m.where + " " + m.why);
    }
    out.body = std::move(body);
    out.body_digest = headers.body_digest;
    return std::nullopt;
}

}  // namespace central
