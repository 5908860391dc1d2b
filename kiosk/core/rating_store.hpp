// The local cache: every rating on the kiosk's own disk, in one SQLite file.
//
// Sections: opening (corruption is set aside, never deleted) · saving a rating (one transaction per
// tap, durable before the call returns) · start-up recovery · alerts · queries for tests and scripts.
// The outbox tables (batches) are created here for sync to fill; see docs/storage.md.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rating.hpp"

namespace kiosk {

struct KioskIdentity {
    std::string kiosk_id;
    std::string site;
    std::string counter;
};

struct BurstRuleMs {
    int max_ratings = 3;
    std::int64_t window_ms = 20000;
};

struct Alert {
    std::int64_t raised_ms = 0;
    std::string kind;     // "database-corrupt", "disk-full", "write-failed"
    std::string message;  // for IT staff; never a secret
};

class RatingStore {
public:
    static constexpr int schema_version = 1;

    // Opens (or creates) the database, and holds it exclusively while open. A file that is not a healthy SQLite database is renamed to
    // "<path>.corrupt-<UTC time>" and a fresh one is started, with an alert. Throws std::runtime_error
    // with a message naming the path when the file cannot be opened at all (permissions, newer schema).
    RatingStore(const std::string& path, KioskIdentity identity, BurstRuleMs burst, std::int64_t now_ms);
    ~RatingStore();  // a last try for unsaved ratings; says in the log what could not be written
    RatingStore(const RatingStore&) = delete;
    RatingStore& operator=(const RatingStore&) = delete;

    // Inserts or updates the rating and its answers in one durable transaction. A final rating is
    // never changed again. On failure (disk full, I/O error) the rating is kept in memory and
    // retried at the next save, an alert is raised, and false is returned; the caller goes on.
    bool save(const Rating& rating, std::int64_t now_ms);

    // Tries again to write what a failed save kept in memory (the kiosk calls it while any is
    // pending, so a full disk that frees up catches up without waiting for the next citizen).
    bool write_unsaved(std::int64_t now_ms);

    // At start: a rating still open was cut off by a crash or power loss; close it as abandoned.
    int close_open_ratings(std::int64_t now_ms);

    std::map<std::string, std::int64_t> norm_rotation_counts();

    // Alerts raised since start, including those that could not be written yet.
    std::vector<Alert> alerts();
    void raise_alert(const std::string& kind, const std::string& message, std::int64_t now_ms);
    std::size_t unsaved_count() const { return unsaved_.size(); }

    // First column of the first row, as text ("" for NULL); for scripted expectations and tools.
    std::optional<std::string> query_text(const std::string& sql);

    const std::string& path() const { return path_; }
    const std::string& set_aside_path() const { return set_aside_path_; }

private:
    void open_database();
    void migrate();
    bool write(const Rating& rating, std::int64_t now_ms);
    void flush_alerts();

    std::string path_;
    std::string set_aside_path_;
    KioskIdentity identity_;
    BurstRuleMs burst_;
    std::unique_ptr<SQLite::Database> db_;
    std::map<std::string, Rating> unsaved_;  // by id: the latest version that could not be written
    std::vector<Alert> alerts_;
    std::vector<Alert> unwritten_alerts_;
    std::set<std::string> ongoing_alerts_;
};

}  // namespace kiosk
