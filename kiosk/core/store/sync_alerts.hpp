// Alerts the sync side raises (no-receipt, untrusted-refusal, clock-skew, batch-set-aside,
// store-refuses-all, kiosk-refused), written into the kiosk's alerts table on the sync side's own
// connection, each in a short transaction of its own; and those not yet told to the central store,
// for the heartbeat.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "rating_store.hpp"

namespace SQLite {
class Database;
}

namespace kiosk {

// Logs the alert as a warning too. A failure to write it is logged, never thrown: an alert must not
// stop the sending of ratings.
void store_alert(SQLite::Database& db, const std::string& kind, const std::string& message,
                 std::int64_t now_ms);

struct UnreportedAlerts {
    std::vector<Alert> alerts;  // oldest first
    std::int64_t up_to_id = 0;  // the highest alert id among them
};
UnreportedAlerts unreported_alerts(SQLite::Database& db, int limit = 50);
// The store has seen them (a heartbeat was answered 204).
void mark_alerts_reported(SQLite::Database& db, std::int64_t up_to_id);

}  // namespace kiosk
