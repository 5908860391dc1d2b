// The fleet as IT sees it (GET /v1/fleet, `kiosk-central fleet`): the ledger's entries with flags
// computed from each kiosk's last heartbeat and contact.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ledger.hpp"

namespace central {

// When a kiosk is flagged (docs/protocol.md, "For IT").
constexpr std::int64_t silent_after_ms = 3600 * 1000;        // "silent": no contact for over an hour
constexpr std::int64_t behind_pending_ratings = 1000;        // "behind": more pending than this
constexpr std::int64_t behind_oldest_pending_s = 24 * 3600;  // "behind": or the oldest older than this
constexpr std::int64_t low_disk_bytes = 100 * 1000 * 1000;   // "low-disk": under 100 MB free

// {"generated": time, "newest_program_version": "…"|null, "kiosks": [{kiosk_id, enrolled, revoked,
// last_seen, last_heartbeat, ratings_held, max_seq_held, seq_gaps, conflicting_batches, flags}]}.
// Flags: silent, behind, low-disk, old-version, gaps, batch-conflicts; a revoked kiosk has none.
nlohmann::json fleet_json(const std::vector<FleetEntry>& entries, std::int64_t now_ms);

// The same as a table for a terminal, one kiosk a line.
std::string fleet_table(const nlohmann::json& fleet);

// Negative, zero or positive as `a` is older than, the same as, or newer than `b` ("0.10.0" > "0.9.1").
int compare_versions(const std::string& a, const std::string& b);

}  // namespace central
