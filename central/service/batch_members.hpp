// The members of a batch body that this store reads, collected as nlohmann's SAX parser meets them,
// straight into fixed places: no JSON tree of the whole body is built (for a 1 000-rating batch that tree
// cost the store more than the database did). batch_reader.cpp checks what was collected.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace central {

// One value as it was met. For an array or an object where a single value belongs only the kind is kept
// (its content is skipped); `absent` means the member never came.
struct JsonValue {
    enum class Kind { absent, null, boolean, integer, floating, string, array, object };
    Kind kind = Kind::absent;
    bool boolean = false;
    // Kind::integer: a whole number; nlohmann gives those >= 0 as unsigned, those < 0 as signed.
    bool is_unsigned = false;
    std::uint64_t unsigned_value = 0;
    std::int64_t signed_value = 0;
    std::string text;  // Kind::string; Kind::floating: the number as sent
};

struct RatingMembers {
    JsonValue self;  // an object, or whatever else stood in the ratings array
    JsonValue id, seq, reference, site, counter, service, language, norms_asked, answers, grade, started,
        finished, clock_synchronised, end_reason, flags, program_version, config_digest;
    std::vector<JsonValue> norms;                // the items of norms_asked when it is an array
    std::map<std::string, JsonValue> answer_of;  // the members of answers when it is an object
};

struct BatchMembers {
    JsonValue self;  // the whole body
    JsonValue protocol, batch_id, kiosk_id, created, first_seq, last_seq, ratings;
    std::vector<RatingMembers> rating_list;  // the items of ratings when it is an array
};

// The body is not JSON: where (bytes read when the parser stopped) and nlohmann's own words.
struct JsonSyntaxError {
    std::size_t byte = 0;
    std::string what;
};

// Parses `body` into `out`. Members this store does not read are skipped whatever their shape; when a
// member comes twice the last one counts (as in nlohmann's own tree).
std::optional<JsonSyntaxError> collect_batch_members(const std::string& body, BatchMembers& out);

}  // namespace central
