#include "heartbeat.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "utc_text.hpp"

namespace kiosk {

Heartbeat build_heartbeat(SQLite::Database& db, const HeartbeatFacts& facts) {
    using nlohmann::json;
    // Pending: final and not acknowledged by a receipt (unbatched, in a pending batch, or set aside).
    SQLite::Statement pending(db, R"sql(
        SELECT count(*), min(finished_ms) FROM ratings
        WHERE state = 'final' AND (batch_id IS NULL OR batch_id NOT IN (SELECT id FROM batches WHERE state = 'sent')))sql");
    pending.executeStep();
    std::int64_t count = pending.getColumn(0).getInt64();
    std::int64_t oldest_s =
        pending.getColumn(1).isNull()
            ? 0
            : std::max<std::int64_t>(0, (facts.now_ms - pending.getColumn(1).getInt64()) / 1000);
    std::int64_t last_seq = db.execAndGet("SELECT coalesce(max(seq), 0) FROM ratings").getInt64();

    std::int64_t free_bytes = 0;
    std::string folder = std::filesystem::path(facts.database_path).parent_path().string();
    if (struct statvfs fs{}; ::statvfs(folder.empty() ? "." : folder.c_str(), &fs) == 0)
        free_bytes = static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);

    UnreportedAlerts unreported = unreported_alerts(db);
    json alerts = json::array();
    for (const Alert& a : unreported.alerts)
        alerts.push_back({{"raised", utc_rfc3339(a.raised_ms)}, {"kind", a.kind}, {"message", a.message}});

    // last_restart_reason is left out: the kiosk does not record why it last started (yet).
    json body = {{"protocol", 1},
                 {"kiosk_id", facts.kiosk_id},
                 {"sent", utc_rfc3339(facts.now_ms)},
                 {"program_version", facts.program_version},
                 {"config_digest", facts.config_digest},
                 {"pending_ratings", count},
                 {"oldest_pending_seconds", oldest_s},
                 {"last_seq", last_seq},
                 {"free_disk_bytes", free_bytes},
                 {"alerts", alerts}};
    if (facts.uptime_s) body["uptime_seconds"] = *facts.uptime_s;
    if (!facts.sent_by.empty()) body["sent_by"] = facts.sent_by;
    return Heartbeat{body.dump(), unreported.up_to_id};
}

}  // namespace kiosk
