#include "heartbeat.hpp"

#include <sys/statvfs.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "protocol/names.hpp"
#include "protocol/utc_text.hpp"

namespace kiosk {

Heartbeat build_heartbeat(const HeartbeatFacts& facts, const Outbox::Waiting& waiting,
                          const UnreportedAlerts& unreported) {
    using nlohmann::json;
    std::int64_t oldest_s =
        waiting.oldest_finished_ms
            ? std::max<std::int64_t>(0, (facts.now_ms - *waiting.oldest_finished_ms) / 1000)
            : 0;

    std::int64_t free_bytes = 0;
    std::string folder = std::filesystem::path(facts.database_path).parent_path().string();
    if (struct statvfs fs{}; ::statvfs(folder.empty() ? "." : folder.c_str(), &fs) == 0)
        free_bytes = static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);

    json alerts = json::array();
    for (const Alert& a : unreported.alerts)
        alerts.push_back(
            {{"raised", protocol::utc_ms_text(a.raised_ms)}, {"kind", a.kind}, {"message", a.message}});

    // last_restart_reason is left out: the kiosk does not record why it last started (yet).
    json body = {{"protocol", protocol::body_protocol},
                 {"kiosk_id", facts.kiosk_id},
                 {"sent", protocol::utc_ms_text(facts.now_ms)},
                 {"program_version", facts.program_version},
                 {"config_digest", facts.config_digest},
                 {"pending_ratings", waiting.ratings},
                 {"oldest_pending_seconds", oldest_s},
                 {"last_seq", waiting.last_seq},
                 {"free_disk_bytes", free_bytes},
                 {"alerts", alerts}};
    if (facts.uptime_s) body["uptime_seconds"] = *facts.uptime_s;
    if (!facts.sent_by.empty()) body["sent_by"] = facts.sent_by;
    return Heartbeat{body.dump(), unreported.up_to_id};
}

}  // namespace kiosk
