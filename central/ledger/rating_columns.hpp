// How the parts of a rating that are not plain columns are stored, the same on both backends:
// norms_asked as a JSON array, answers as a JSON object (norm -> 0..5), and the export filter's dates
// as the milliseconds of their UTC midnight, compared with each rating's finished_ms.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace central {

std::string norms_asked_json(const std::vector<std::string>& norms);
std::string answers_json(const std::map<std::string, int>& answers);
std::vector<std::string> norms_asked_from_json(const std::string& json);
std::map<std::string, int> answers_from_json(const std::string& json);

// "YYYY-MM-DD" -> milliseconds since 1970 at 00:00 UTC that day. Throws std::invalid_argument naming
// `which` ("from", "to") for anything else.
std::int64_t utc_day_start_ms(const std::string& date, const char* which);

}  // namespace central
