// The heartbeat's body (docs/protocol.md, "Heartbeat"): how this kiosk is doing, for the store's
// fleet view: what waits to be sent and since when, free disk, uptime, alerts not yet reported.
#pragma once
#include <cstdint>
#include <string>

#include "sync_alerts.hpp"

namespace SQLite {
class Database;
}

namespace kiosk {

struct HeartbeatFacts {
    std::string kiosk_id;
    std::string program_version;
    std::string config_digest;
    std::string database_path;  // the free disk is that of its folder
    std::int64_t now_ms = 0;
    std::int64_t uptime_s = 0;
};

struct Heartbeat {
    std::string body;
    std::int64_t alerts_up_to_id = 0;  // mark these reported once the store answered 204
};

Heartbeat build_heartbeat(SQLite::Database& db, const HeartbeatFacts& facts);

}  // namespace kiosk
