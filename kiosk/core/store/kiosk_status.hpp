// What `kiosk status` tells IT at a shell, read on a connection of its own while the kiosk may be
// running: the database's health, the ratings it holds and how many are not yet sent, the alerts.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rating_store.hpp"

namespace kiosk {

struct KioskStatus {
    std::string database;
    bool exists = false;
    std::string health;  // "ok", or what PRAGMA quick_check or opening the file said
    int schema = 0;
    std::int64_t final_ratings = 0;
    std::int64_t open_ratings = 0;
    std::int64_t unsent = 0;  // final ratings in no batch acknowledged by a receipt
    std::optional<std::int64_t> oldest_unsent_ms;
    std::optional<std::int64_t> last_rating_ms;
    std::vector<Alert> alerts;  // newest first, at most 5
    std::int64_t alert_count = 0;

    // Sync (docs/protocol.md). sync_url is set by the caller from the configuration: empty when it
    // has no [sync] table.
    std::string sync_url;
    std::int64_t pending_batches = 0;    // built, not yet acknowledged
    std::int64_t set_aside_batches = 0;  // refused by the store, kept
    std::int64_t set_aside_ratings = 0;
    std::string last_receipt;  // the store's "received" time of the newest receipt; empty: none yet
    std::string last_error;    // of the oldest pending batch, else of the newest set-aside one
};

// Never changes the file; a database that is not there yet is reported as such.
KioskStatus read_status(const std::string& database_path);

// Lines for a person, times in UTC.
std::string describe(const KioskStatus& status);

}  // namespace kiosk
