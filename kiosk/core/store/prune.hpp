// Ratings the central store has acknowledged are kept on the kiosk for a while (keep_days, for IT
// and a lost store), then deleted, so the disk of a kiosk that runs for years does not fill up.
// Never a rating that is not acknowledged by a receipt.
#pragma once
#include <cstdint>

namespace SQLite {
class Database;
}

namespace kiosk {

struct PruneResult {
    std::int64_t ratings = 0;
    std::int64_t batches = 0;
};

// Deletes, in one transaction, the ratings (and their answers) that are in a batch in state 'sent' and
// finished more than keep_days before now, and the sent batches left with no rating. The rating with
// the highest seq is always kept: the next seq is counted from it (docs/storage.md).
PruneResult prune_delivered(SQLite::Database& db, std::int64_t now_ms, int keep_days);

}  // namespace kiosk
