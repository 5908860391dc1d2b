// A kiosk's database with ratings, its key, a fake central store on 127.0.0.1 and the [sync] table
// pointing at it: what the sync tests start from.
#pragma once
#include <chrono>
#include <memory>

#include "config.hpp"
#include "identifiers.hpp"
#include "kiosk_key.hpp"
#include "outbox.hpp"
#include "rating_store.hpp"
#include "sync_fake_store.hpp"
#include "sync_sender.hpp"
#include "temp_dir.hpp"

inline std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline kiosk::Rating finished_visit(std::int64_t at) {
    kiosk::Rating r;
    r.id = kiosk::make_uuid_v7(at);
    r.reference = kiosk::make_short_reference();
    r.language = "nl";
    r.planned_norms = {"bsc1", "bsc4"};
    r.started_ms = at;
    r.grade = 8;
    r.answers = {{"bsc1", 4}, {"bsc4", 2}};
    r.state = kiosk::RatingState::final;
    r.end_reason = kiosk::EndReason::completed;
    r.finished_ms = at + 20000;
    return r;
}

struct SyncSetup {
    TempDir dir;
    std::string database = dir.file("k.db");
    kiosk::RatingStore store{
        database, {"kiosk-7", "Town hall", "Desk 2", "0.3.0", "sha-256=abc"}, {1000, 1}, wall_now_ms(), 0};
    kiosk::KioskKey key = kiosk::KioskKey::load_or_create(kiosk::key_path_for(database));
    fake_store::Store central{fake_store::public_key_of(key)};
    kiosk::SyncConfig sync = [this] {
        kiosk::SyncConfig s;
        s.url = central.url();
        s.store_public_key = central.public_key;
        return s;
    }();
    kiosk::Outbox outbox{database};
    kiosk::SyncSender sender{sync, {"kiosk-7", "0.3.0", "sha-256=abc", database}, key, outbox};
    std::int64_t now = wall_now_ms() - 3600 * 1000;

    void rate(int count) {
        for (int i = 0; i < count; ++i) {
            now += 1000;
            REQUIRE(store.save(finished_visit(now), now + 20000));
        }
    }
    std::string sql(const std::string& query) { return store.query_text(query).value_or("(no row)"); }
    std::int64_t count(const std::string& query) { return std::stoll(sql(query)); }
};
