#include "kiosk_status.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <ctime>
#include <filesystem>

#include "store_reader.hpp"
#include "utc_text.hpp"

namespace kiosk {
namespace {

constexpr const char* minutes_utc = "%Y-%m-%d %H:%M UTC";

std::int64_t number(StoreReader& reader, const std::string& sql) {
    return std::stoll(reader.query_text(sql).value_or("0"));
}

std::optional<std::int64_t> maybe_number(StoreReader& reader, const std::string& sql) {
    auto text = reader.query_text(sql);
    if (!text || text->empty()) return std::nullopt;
    return std::stoll(*text);
}

}  // namespace

KioskStatus read_status(const std::string& database_path) {
    KioskStatus s;
    s.database = database_path;
    std::error_code ec;
    s.exists = std::filesystem::exists(database_path, ec);
    if (!s.exists) return s;
    try {
        StoreReader reader(database_path);
        s.health = reader.query_text("PRAGMA quick_check").value_or("no answer");
        s.schema = static_cast<int>(number(reader, "PRAGMA user_version"));
        if (s.schema < 2) return s;
        s.final_ratings = number(reader, "SELECT count(*) FROM ratings WHERE state = 'final'");
        s.open_ratings = number(reader, "SELECT count(*) FROM ratings WHERE state = 'open'");
        const std::string unsent =
            "FROM ratings WHERE state = 'final' AND (batch_id IS NULL OR batch_id NOT IN "
            "(SELECT id FROM batches WHERE state = 'sent'))";
        s.unsent = number(reader, "SELECT count(*) " + unsent);
        s.oldest_unsent_ms = maybe_number(reader, "SELECT min(finished_ms) " + unsent);
        s.last_rating_ms = maybe_number(reader, "SELECT max(updated_ms) FROM ratings");
        s.alert_count = number(reader, "SELECT count(*) FROM alerts");
        s.pending_batches = number(reader, "SELECT count(*) FROM batches WHERE state = 'pending'");
        s.set_aside_batches = number(reader, "SELECT count(*) FROM batches WHERE state = 'set-aside'");
        s.set_aside_ratings = number(
            reader,
            "SELECT coalesce(sum(last_seq - first_seq + 1), 0) FROM batches WHERE state = 'set-aside'");
        if (s.schema >= 3) {
            s.last_receipt = reader
                                 .query_text(
                                     "SELECT max(json_extract(receipt, '$.receipt.received')) FROM batches "
                                     "WHERE state = 'sent' AND json_valid(receipt)")
                                 .value_or("");
            s.last_error =
                reader
                    .query_text(
                        "SELECT last_error FROM batches WHERE last_error IS NOT NULL AND state != 'sent' "
                        "ORDER BY state = 'pending' DESC, CASE WHEN state = 'pending' THEN first_seq "
                        "ELSE -first_seq END LIMIT 1")
                    .value_or("");
        }
        SQLite::Statement q(reader.database(),
                            "SELECT raised_ms, kind, message FROM alerts ORDER BY id DESC LIMIT 5");
        while (q.executeStep())
            s.alerts.push_back(
                {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    } catch (const std::exception& e) {
        s.health = e.what();
    }
    return s;
}

std::string describe(const KioskStatus& s) {
    if (!s.exists)
        return "database " + s.database + ": not there yet (the kiosk makes it at its first start)\n";
    std::string out = "database " + s.database + ": " + (s.health == "ok" ? "ok" : "PROBLEM: " + s.health) +
                      ", schema " + std::to_string(s.schema) + "\n";
    if (s.health != "ok" && s.final_ratings == 0 && s.open_ratings == 0) return out;
    out += "ratings: " + std::to_string(s.final_ratings) + " final, " + std::to_string(s.open_ratings) +
           (s.open_ratings > 0 ? " open (a visit in progress)" : " open") +
           (s.last_rating_ms ? ", last answer " + utc_text(*s.last_rating_ms, minutes_utc) : "") + "\n";
    out += "not yet at the central store: " + std::to_string(s.unsent) +
           (s.oldest_unsent_ms ? ", the oldest finished " + utc_text(*s.oldest_unsent_ms, minutes_utc) : "") +
           "\n";
    if (s.sync_url.empty()) {
        out += "sync: not configured (no [sync] table): every rating stays on this kiosk\n";
    } else {
        out += "sync to " + s.sync_url + ": batches waiting to be sent " + std::to_string(s.pending_batches) +
               ", set aside " + std::to_string(s.set_aside_batches);
        if (s.set_aside_batches > 0)
            out += " (" + std::to_string(s.set_aside_ratings) +
                   " ratings; offered again every hour by the kiosk, at once by 'kiosk sync-now')";
        out += "\n";
        out += "last receipt: " + (s.last_receipt.empty() ? std::string("none yet") : s.last_receipt) + "\n";
        if (!s.last_error.empty()) out += "last error: " + s.last_error + "\n";
    }
    out += "alerts: " + std::to_string(s.alert_count) + (s.alerts.empty() ? "" : ", the latest:") + "\n";
    for (const auto& a : s.alerts)
        out += "  " + utc_text(a.raised_ms, minutes_utc) + "  " + a.kind + ": " + a.message + "\n";
    return out;
}

}  // namespace kiosk
