#include "sync_alerts.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "log.hpp"

namespace kiosk {

void store_alert(SQLite::Database& db, const std::string& kind, const std::string& message,
                 std::int64_t now_ms) {
    log_warning("sync: " + kind + ": " + message);
    try {
        SQLite::Statement insert(db, "INSERT INTO alerts(raised_ms, kind, message) VALUES (?, ?, ?)");
        insert.bind(1, static_cast<std::int64_t>(now_ms));
        insert.bind(2, kind);
        insert.bind(3, message);
        insert.exec();
    } catch (const std::exception& e) {
        log_error("Unable to store the alert '" + kind + "': " + e.what());
    }
}

UnreportedAlerts unreported_alerts(SQLite::Database& db, int limit) {
    UnreportedAlerts out;
    SQLite::Statement q(
        db, "SELECT id, raised_ms, kind, message FROM alerts WHERE reported = 0 ORDER BY id LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
        out.up_to_id = q.getColumn(0).getInt64();
        out.alerts.push_back(
            {q.getColumn(1).getInt64(), q.getColumn(2).getString(), q.getColumn(3).getString()});
    }
    return out;
}

void mark_alerts_reported(SQLite::Database& db, std::int64_t up_to_id) {
    SQLite::Statement q(db, "UPDATE alerts SET reported = 1 WHERE reported = 0 AND id <= ?");
    q.bind(1, static_cast<std::int64_t>(up_to_id));
    q.exec();
}

}  // namespace kiosk
