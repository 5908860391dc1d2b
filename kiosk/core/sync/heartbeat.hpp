// The heartbeat's body (docs/protocol.md, "Heartbeat"): how this kiosk is doing, for the store's
// fleet view: what waits to be sent (set aside included) and since when, free disk,
// uptime, alerts not yet reported.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "outbox.hpp"

namespace kiosk {

struct HeartbeatFacts {
    std::string kiosk_id;
    std::string program_version;
    std::string config_digest;
    std::string database_path;  // the free disk is that of its folder
    std::int64_t now_ms = 0;
    // The kiosk's uptime, when the kiosk's own worker sends the heartbeat. `kiosk sync-now` is another
    // process: it sends none (its own would pass for the kiosk's, and a restart with it) and says
    // who sent the heartbeat in `sent_by` instead.
    std::optional<std::int64_t> uptime_s;
    std::string sent_by;  // "" (the kiosk itself) or "sync-now"
};

struct Heartbeat {
    std::string body;
    std::int64_t alerts_up_to_id = 0;  // mark these reported once the store answered 204
};

Heartbeat build_heartbeat(const HeartbeatFacts& facts, const Outbox::Waiting& waiting,
                          const UnreportedAlerts& unreported);

}  // namespace kiosk
