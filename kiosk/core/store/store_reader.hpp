// A read-only connection of its own to the kiosk's database, for whoever reads while the kiosk runs:
// scripted checks and the benchmark today, the sync worker's batches and the manager's scores next.
// The database is in WAL mode with normal locking, so a reader sees a consistent snapshot and neither
// waits for a tap's write nor makes one wait, however long its transaction lasts.
#pragma once
#include <memory>
#include <optional>
#include <string>

namespace SQLite {
class Database;
}

namespace kiosk {

class StoreReader {
  public:
    // any: the connection may be used from several threads (one at a time: SQLite locks around each
    // call); one: by one thread only, with no lock per call and a cache of 8 MiB (the scores read tens
    // of thousands of rows, about 3 MB of pages for a busy centre's year, at every look).
    enum class Threads { any, one };
    // Opens `path` read-only; throws std::runtime_error naming it when that is impossible.
    explicit StoreReader(const std::string& path, Threads threads = Threads::any);
    ~StoreReader();
    StoreReader(const StoreReader&) = delete;
    StoreReader& operator=(const StoreReader&) = delete;

    // First column of the first row, as text ("" for NULL); nullopt when there is no row.
    std::optional<std::string> query_text(const std::string& sql);
    SQLite::Database& database() { return *db_; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::unique_ptr<SQLite::Database> db_;
};

}  // namespace kiosk
