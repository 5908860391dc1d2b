// The local cache: every rating on the kiosk's own disk, in one SQLite file.
//
// Sections: opening (only a file the kiosk made; its own damaged file is set aside, never deleted) ·
// saving a rating (one transaction per tap, durable before the call returns, written from the disk
// reserve when the filesystem is full) · start-up recovery · alerts · queries for tests and scripts.
// The outbox tables (batches) are created here for sync to fill; see docs/storage.md.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.hpp"
#include "database_file.hpp"
#include "disk_reserve.hpp"
#include "file_lock.hpp"
#include "rating.hpp"

namespace kiosk {

struct KioskIdentity {
    std::string kiosk_id;
    std::string site;
    std::string counter;
    std::string program_version{};  // stored with each rating, as the config digest: which program and
    std::string config_digest{};    // which configuration asked the questions
};

struct BurstRuleMs {
    int max_ratings = 3;
    std::int64_t window_ms = 20000;
};

struct Alert {
    std::int64_t raised_ms = 0;
    std::string kind;     // "database-corrupt", "disk-full", "reserve-low", "write-failed"
    std::string message;  // for IT staff; never a secret
};

// What stands at the database path is not the kiosk's (another file, another application's database, a
// device): nothing was changed there. The kiosk exits 78, as for an invalid configuration.
struct DatabaseRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A save would change a rating that is already final in the database (closed by someone else).
struct RatingAlreadyFinal : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RatingStore {
  public:
    static constexpr int schema_version = 5;
    static constexpr std::int32_t application_id = kiosk_application_id;

    // Opens the kiosk's database at `path`, or creates it (mode 0600) where nothing stands yet, and
    // keeps other kiosk processes out while open, whatever name they reach the file by (a flock on
    // "<path>.lock" and one on the file itself; other connections of this process may read and write,
    // see StoreReader and Outbox); keeps a reserve of `reserve_bytes` beside it ("<path>.reserve").
    // Throws DatabaseRefused, having changed nothing, when what stands at the path is not the kiosk's.
    // The kiosk's own file, when damaged, is renamed to "<path>.corrupt-<UTC time>" and a fresh one is
    // started, with an alert. Throws std::runtime_error naming the path when it cannot be opened at
    // all (permissions, a newer schema, a second kiosk).
    RatingStore(const std::string& path, KioskIdentity identity, BurstRuleMs burst, std::int64_t now_ms,
                std::int64_t reserve_bytes = default_reserve_bytes);
    ~RatingStore();  // a last try for unsaved ratings; says in the log what could not be written
    RatingStore(const RatingStore&) = delete;
    RatingStore& operator=(const RatingStore&) = delete;

    // Inserts or updates the rating and its answers in one durable transaction; a full filesystem is
    // met from the reserve. A final rating is never changed again; when it becomes final it gets the
    // next `seq`; saving it again as the same final rating changes nothing, and any other save of it
    // fails (alert `rating-already-final`). A new rating whose reference is taken gets a fresh one,
    // written back to `rating`.
    // Returns false only when it could not be written (the reserve used up, an I/O error, another
    // writer holding the database over 2 s, the file deleted or replaced under the kiosk): the rating
    // is then kept in memory and retried by upkeep(), an alert is raised, and the caller must not tell
    // the citizen it is saved.
    bool save(Rating& rating, std::int64_t now_ms);
    bool save(Rating&& rating, std::int64_t now_ms) { return save(rating, now_ms); }

    // Retries what a failed save kept in memory and grows the reserve back when space has returned.
    // The kiosk calls it every few seconds while needs_upkeep(). Returns true when nothing is pending.
    bool upkeep(std::int64_t now_ms);
    bool needs_upkeep() const { return !unsaved_.empty() || reserve_.size() < reserve_.target(); }
    // False when a rating could not be written for want of room and none has returned since: the kiosk
    // shows "out of order" rather than take answers it cannot keep.
    bool has_room() const { return !out_of_room_; }

    // A rating still open was cut off (at start: by a crash or power loss; while running: by "out of
    // order"); close it as abandoned, at the time of its last answer, with the next seq. Returns how
    // many, or nullopt when that could not be written (they are closed at the next call).
    std::optional<int> close_open_ratings(std::int64_t now_ms);

    std::map<std::string, std::int64_t> norm_rotation_counts();

    // Alerts raised since start, including those that could not be written yet.
    std::vector<Alert> alerts();
    // The manager's wrong PINs in a row, from the alerts: `manager-pin-wrong` since the last
    // `manager-opened`, and when the last was. So a restart does not reset the PIN pad's lockout.
    struct WrongPins {
        int in_a_row = 0;
        std::optional<std::int64_t> last_ms;
    };
    WrongPins manager_wrong_pins();
    void raise_alert(const std::string& kind, const std::string& message, std::int64_t now_ms);
    std::size_t unsaved_count() const { return unsaved_.size(); }
    const DiskReserve& reserve() const { return reserve_; }

    // First column of the first row, as text ("" for NULL); for scripted expectations and tools.
    std::optional<std::string> query_text(const std::string& sql);

    const std::string& path() const { return path_; }
    const std::string& set_aside_path() const { return set_aside_path_; }

  private:
    struct Statements;  // the tap path's statements, prepared once per connection
    void create_database();
    void lock_database_file();
    void open_database();
    bool reconnect();
    void drop_connection();
    void warn_if_readable_by_others(const std::string& path, std::int64_t now_ms);
    void migrate(SQLite::Database& db);
    bool write_unsaved(std::int64_t now_ms);
    // Runs `write` (one transaction), giving back reserve steps while the filesystem is full.
    // refused: the rating is already final (RatingAlreadyFinal): no retry can write it.
    enum class Written { yes, failed, refused };
    template <class Write>
    Written with_room(const Write& write, const std::string& what, std::int64_t now_ms);
    void write(Rating& rating, std::int64_t now_ms);
    void flush_alerts();
    // Logs and alerts a trouble once, until it is over.
    void trouble(const std::string& kind, const std::string& message, std::int64_t now_ms);
    void trouble_over(const std::string& kind, const std::string& message);

    std::string path_;
    std::string set_aside_path_;
    KioskIdentity identity_;
    BurstRuleMs burst_;
    DiskReserve reserve_;
    bool out_of_room_ = false;
    std::optional<FileLock> lock_;       // "<path>.lock"; released last, after the connection is closed
    std::optional<FileLock> file_lock_;  // the database file itself, whatever name reached it
    std::unique_ptr<SQLite::Database> db_;
    std::chrono::steady_clock::time_point busy_since_{};  // when the write now waiting began to wait
    std::unique_ptr<Statements> statements_;              // finalised before db_ closes
    std::map<std::string, Rating> unsaved_;  // by id: the latest version that could not be written
    std::vector<Alert> alerts_;
    std::vector<Alert> unwritten_alerts_;
    std::set<std::string> ongoing_troubles_;
};

}  // namespace kiosk
