#include "fleet_view.hpp"

#include <cstdio>
#include <sstream>

#include "protocol/utc_text.hpp"

namespace central {
namespace {

using nlohmann::json;

json optional_time(const std::optional<std::int64_t>& ms) {
    return ms ? json(protocol::utc_seconds_text(*ms)) : json();
}

// A heartbeat member as a number, when the kiosk sent one.
std::optional<std::int64_t> number(const json& heartbeat, const char* name) {
    auto found = heartbeat.find(name);
    if (found == heartbeat.end() || !found->is_number_integer()) return std::nullopt;
    return found->get<std::int64_t>();
}

std::string version_of(const json& heartbeat) {
    auto found = heartbeat.find("program_version");
    return found != heartbeat.end() && found->is_string() ? found->get<std::string>() : "";
}

json parsed_heartbeat(const std::optional<std::string>& body) {
    if (!body) return json();
    json parsed = json::parse(*body, nullptr, false);
    return parsed.is_object() ? parsed : json();
}

std::string cell(const json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

}  // namespace

int compare_versions(const std::string& a, const std::string& b) {
    std::istringstream left(a), right(b);
    std::string x, y;
    while (true) {
        bool more_left = static_cast<bool>(std::getline(left, x, '.'));
        bool more_right = static_cast<bool>(std::getline(right, y, '.'));
        if (!more_left && !more_right) return 0;
        if (!more_left) return -1;
        if (!more_right) return 1;
        bool numeric = !x.empty() && !y.empty() && x.find_first_not_of("0123456789") == std::string::npos &&
                       y.find_first_not_of("0123456789") == std::string::npos && x.size() < 10 &&
                       y.size() < 10;
        int order = numeric ? (std::stoi(x) > std::stoi(y)) - (std::stoi(x) < std::stoi(y)) : x.compare(y);
        if (order != 0) return order < 0 ? -1 : 1;
    }
}

json fleet_json(const std::vector<FleetEntry>& entries, std::int64_t now_ms) {
    std::string newest;
    for (const FleetEntry& e : entries) {
        std::string version = version_of(parsed_heartbeat(e.last_heartbeat));
        if (!version.empty() && (newest.empty() || compare_versions(version, newest) > 0)) newest = version;
    }
    json kiosks = json::array();
    for (const FleetEntry& e : entries) {
        json heartbeat = parsed_heartbeat(e.last_heartbeat);
        json flags = json::array();
        if (!e.revoked_ms) {
            std::int64_t contact = e.last_seen_ms.value_or(e.enrolled_ms);
            if (now_ms - contact > silent_after_ms) flags.push_back("silent");
            if (number(heartbeat, "pending_ratings").value_or(0) > behind_pending_ratings ||
                number(heartbeat, "oldest_pending_seconds").value_or(0) > behind_oldest_pending_s)
                flags.push_back("behind");
            auto free_disk = number(heartbeat, "free_disk_bytes");
            if (free_disk && *free_disk < low_disk_bytes) flags.push_back("low-disk");
            std::string version = version_of(heartbeat);
            if (!version.empty() && compare_versions(version, newest) < 0) flags.push_back("old-version");
            if (!e.seq_gaps.empty()) flags.push_back("gaps");
            if (e.conflicting_batches > 0) flags.push_back("batch-conflicts");
        }
        json gaps = json::array();
        for (const auto& [first, last] : e.seq_gaps) gaps.push_back({first, last});
        kiosks.push_back({{"kiosk_id", e.kiosk_id},
                          {"enrolled", protocol::utc_seconds_text(e.enrolled_ms)},
                          {"revoked", optional_time(e.revoked_ms)},
                          {"last_seen", optional_time(e.last_seen_ms)},
                          {"last_heartbeat", heartbeat},
                          {"ratings_held", e.ratings_held},
                          {"max_seq_held", e.max_seq_held ? json(*e.max_seq_held) : json()},
                          {"seq_gaps", gaps},
                          {"conflicting_batches", e.conflicting_batches},
                          {"flags", flags}});
    }
    return {{"generated", protocol::utc_seconds_text(now_ms)},
            {"newest_program_version", newest.empty() ? json() : json(newest)},
            {"kiosks", kiosks}};
}

std::string fleet_table(const json& fleet) {
    std::vector<std::vector<std::string>> rows = {{"KIOSK", "STATE", "LAST SEEN", "VERSION", "PENDING",
                                                   "OLDEST(s)", "FREE DISK", "HELD", "GAPS", "FLAGS"}};
    for (const json& k : fleet.at("kiosks")) {
        const json& hb = k.at("last_heartbeat");
        auto member = [&](const char* name) {
            return hb.is_object() && hb.contains(name) ? cell(hb.at(name)) : "-";
        };
        std::string gaps, flags;
        for (const json& g : k.at("seq_gaps"))
            gaps += (gaps.empty() ? "" : ",") + std::to_string(g[0].get<std::int64_t>()) + "-" +
                    std::to_string(g[1].get<std::int64_t>());
        for (const json& f : k.at("flags")) flags += (flags.empty() ? "" : ",") + f.get<std::string>();
        rows.push_back({cell(k.at("kiosk_id")), k.at("revoked").is_null() ? "enrolled" : "revoked",
                        cell(k.at("last_seen")), member("program_version"), member("pending_ratings"),
                        member("oldest_pending_seconds"), member("free_disk_bytes"),
                        cell(k.at("ratings_held")), gaps.empty() ? "-" : gaps, flags.empty() ? "-" : flags});
    }
    std::vector<std::size_t> widths(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
            line += row[i] + (i + 1 < row.size() ? std::string(widths[i] - row[i].size() + 2, ' ') : "");
        out += line + "\n";
    }
    if (rows.size() == 1) out += "(no kiosk enrolled yet: kiosk-central enrol CODE)\n";
    return out;
}

}  // namespace central
