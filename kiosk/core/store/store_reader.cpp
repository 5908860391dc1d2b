#include "store_reader.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>

namespace kiosk {

StoreReader::StoreReader(const std::string& path, Threads threads) : path_(path) {
    try {
        db_ = std::make_unique<SQLite::Database>(
            path, SQLite::OPEN_READONLY |
                      (threads == Threads::one ? SQLite::OPEN_NOMUTEX : SQLite::OPEN_FULLMUTEX));
        db_->exec("PRAGMA query_only=1");
        // The scores read a year's summaries at each look, about 3 MB for a busy centre: SQLite's
        // default 2 MB cache would read them all from the file every time. Pages are kept only once read.
        if (threads == Threads::one) db_->exec("PRAGMA cache_size=-8192");
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("Unable to read the database " + path + ": " + e.what());
    }
}

StoreReader::~StoreReader() = default;

std::optional<std::string> StoreReader::query_text(const std::string& sql) {
    SQLite::Statement q(*db_, sql);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).isNull() ? std::string() : q.getColumn(0).getString();
}

}  // namespace kiosk
