#include "rating_columns.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

namespace central {

std::string norms_asked_json(const std::vector<std::string>& norms) { return nlohmann::json(norms).dump(); }

std::string answers_json(const std::map<std::string, int>& answers) { return nlohmann::json(answers).dump(); }

std::vector<std::string> norms_asked_from_json(const std::string& json) {
    return nlohmann::json::parse(json).get<std::vector<std::string>>();
}

std::map<std::string, int> answers_from_json(const std::string& json) {
    return nlohmann::json::parse(json).get<std::map<std::string, int>>();
}

std::int64_t utc_day_start_ms(const std::string& date, const char* which) {
    static const std::regex shape(R"(([0-9]{4})-([0-9]{2})-([0-9]{2}))");
    std::smatch parts;
    using namespace std::chrono;
    if (std::regex_match(date, parts, shape)) {
        const year_month_day day{year{std::stoi(parts[1])}, month{static_cast<unsigned>(std::stoi(parts[2]))},
                                 std::chrono::day{static_cast<unsigned>(std::stoi(parts[3]))}};
        if (day.ok()) return duration_cast<milliseconds>(sys_days{day}.time_since_epoch()).count();
    }
    throw std::invalid_argument(std::string("export filter '") + which + "': '" + date +
                                "' is not a date of the form YYYY-MM-DD");
}

}  // namespace central
