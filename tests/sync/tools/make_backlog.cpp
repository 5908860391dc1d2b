// make_backlog: fills a kiosk database with N final ratings not yet sent, fast (one transaction), as a
// kiosk that was offline for weeks would hold them: the backlog the sync tests and benchmarks drain.
// The database is made (or opened and migrated) by the kiosk's own RatingStore, which also keeps other
// kiosk processes out while the rows go in; the rows follow its schema (kiosk/core/store/rating_store.cpp).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "identifiers.hpp"
#include "rating_store.hpp"
#include "test_keys.hpp"

namespace {

const std::vector<std::string> sites = {"Town hall", "North office", "Harbour desk"};
const std::vector<std::string> counters = {"Counter 1", "Counter 2", "Desk 3", "Desk 4"};
const std::vector<std::string> services = {"passport", "moving", "birth", "driving-licence", "benefits"};
const std::vector<std::string> languages = {"nl", "en", "de", "fr", "pl", "tr", "ar"};
const std::vector<std::string> norms = {"bsc1", "bsc2", "bsc3", "bsc4",
                                        "bsc5", "bsc6", "bsc7", "waiting-time"};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A reference in the kiosk's form ("7KQ4-M2XP", 31 symbols without look-alikes) made from a number: distinct
// numbers below 31^8 give distinct references. The caller still checks the table (older random ones).
std::string reference_for(std::uint64_t number) {
    static constexpr char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    constexpr std::uint64_t all = 31ull * 31 * 31 * 31 * 31 * 31 * 31 * 31;
    number = (number * 2654435761ull) % all;  // spread consecutive numbers; odd, so one to one mod 31^8
    std::string out;
    for (int i = 0; i < 8; ++i, number /= 31) {
        if (i == 4) out += '-';
        out += alphabet[number % 31];
    }
    return out;
}

template <class T>
const T& pick(const std::vector<T>& items, std::mt19937_64& random) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
}

struct Options {
    std::string database;
    std::string kiosk_id;
    std::int64_t count = 0;
    std::uint64_t seed = 1;
    std::string program_version = KIOSK_VERSION;
    std::string config_digest;
    int spacing_seconds = 30;
    std::int64_t reserve_mb = 16;
    std::string site;  // empty: one of `sites` at random for each rating
};

struct Written {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
};

Written write_backlog(SQLite::Database& db, const Options& o) {
    std::mt19937_64 random(o.seed);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t first_seq = db.execAndGet("SELECT coalesce(max(seq), 0) + 1 FROM ratings").getInt64();
    SQLite::Statement taken(db, "SELECT 1 FROM ratings WHERE reference = ?");
    SQLite::Statement insert(db, R"sql(
        INSERT INTO ratings(seq, id, reference, kiosk_id, site, counter, service, language, planned_norms,
                            started_ms, updated_ms, finished_ms, clock_synced, grade, flags, state, end_reason,
                            batch_id, program_version, config_digest)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, 1, ?12, 0, 'final', ?13, NULL, ?14, ?15))sql");
    SQLite::Statement answer(db, "INSERT INTO answers(rating_id, norm_id, value) VALUES (?, ?, ?)");
    std::map<std::string, std::int64_t> asked;
    std::int64_t end_ms = now_ms();
    std::uint64_t reference_number = o.seed * 1000003ull + static_cast<std::uint64_t>(first_seq);
    for (std::int64_t i = 0; i < o.count; ++i) {
        std::int64_t seq = first_seq + i;
        std::int64_t finished = end_ms - (o.count - 1 - i) * o.spacing_seconds * 1000;
        std::int64_t started = finished - std::uniform_int_distribution<std::int64_t>(15000, 120000)(random);
        std::string id = kiosk::make_uuid_v7(started);
        std::string reference;
        for (;;) {
            reference = reference_for(reference_number++);
            taken.bind(1, reference);
            bool in_use = taken.executeStep();
            taken.reset();
            if (!in_use) break;
        }
        // Three norms of eight, in a random order, as the kiosk's rotation would ask them.
        std::vector<std::string> planned = norms;
        std::shuffle(planned.begin(), planned.end(), random);
        planned.resize(3);
        int outcome = std::uniform_int_distribution<int>(0, 99)(random);
        const char* end_reason = outcome < 85 ? "completed" : outcome < 95 ? "timed-out" : "abandoned";
        // A visit left early answered only the first norms, and never reached the grade.
        std::size_t answered = outcome < 85 ? planned.size() : static_cast<std::size_t>(outcome % 3);
        insert.bind(1, seq);
        insert.bind(2, id);
        insert.bind(3, reference);
        insert.bind(4, o.kiosk_id);
        const std::string& site = pick(sites, random);  // drawn either way: a seed gives the same rest
        insert.bind(5, o.site.empty() ? site : o.site);
        insert.bind(6, pick(counters, random));
        if (std::uniform_int_distribution<int>(0, 9)(random) == 0)
            insert.bind(7);  // a counter with one service asks none
        else
            insert.bind(7, pick(services, random));
        insert.bind(8, pick(languages, random));
        insert.bind(9, planned[0] + "," + planned[1] + "," + planned[2]);
        insert.bind(10, started);
        insert.bind(11, finished);
        if (outcome < 85)
            insert.bind(12, std::uniform_int_distribution<int>(1, 10)(random));
        else
            insert.bind(12);
        insert.bind(13, end_reason);
        insert.bind(14, o.program_version);
        insert.bind(15, o.config_digest);
        insert.exec();
        insert.reset();
        for (std::size_t n = 0; n < answered; ++n) {
            answer.bind(1, id);
            answer.bind(2, planned[n]);
            answer.bind(3, std::uniform_int_distribution<int>(0, 5)(random));  // 0: does not apply
            answer.exec();
            answer.reset();
        }
        for (const auto& norm : planned) ++asked[norm];
    }
    SQLite::Statement count_asked(db,
                                  "INSERT INTO norm_rotation(norm_id, asked) VALUES (?, ?) "
                                  "ON CONFLICT(norm_id) DO UPDATE SET asked = asked + excluded.asked");
    for (const auto& [norm, times] : asked) {
        count_asked.bind(1, norm);
        count_asked.bind(2, times);
        count_asked.exec();
        count_asked.reset();
    }
    tx.commit();
    return {first_seq, first_seq + o.count - 1};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Fills a kiosk database with N final ratings not yet sent (seq continuing after the highest one),\n"
        "made with the kiosk's own code when it is not there. Site, counter, service, language, norms,\n"
        "answers and grade vary, the same for the same --seed; ids and references are unique.\n"
        "Refuses a database a running kiosk holds."};
    Options o;
    app.add_option("--database", o.database, "the kiosk database file (made when missing)")->required();
    app.add_option("--kiosk-id", o.kiosk_id, "kiosk id written in each rating (the config's kiosk.id)")
        ->required();
    app.add_option("--count", o.count, "how many ratings to add")->required()->check(CLI::Range(1, 10000000));
    app.add_option("--seed", o.seed, "seed of the varying values")->capture_default_str();
    app.add_option("--program-version", o.program_version, "program version written in each rating")
        ->capture_default_str();
    app.add_option("--config-digest", o.config_digest,
                   "config digest written in each rating (default: sha-256 of the text 'make_backlog')");
    app.add_option("--spacing-seconds", o.spacing_seconds, "time between ratings; the last one finishes now")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--site", o.site, "the site of every rating (default: one of three at random for each)");
    app.add_option("--reserve-mb", o.reserve_mb, "disk reserve the kiosk keeps beside a new database (MiB)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    CLI11_PARSE(app, argc, argv);
    if (o.config_digest.empty()) o.config_digest = sync_tools::sha256_field("make_backlog");

    try {
        // Opening it as the kiosk does makes or migrates the schema, and holds the kiosk's lock meanwhile.
        kiosk::RatingStore store(o.database, kiosk::KioskIdentity{o.kiosk_id, sites[0], counters[0]},
                                 kiosk::BurstRuleMs{}, now_ms(), o.reserve_mb << 20);
        Written written;
        {
            SQLite::Database db(o.database, SQLite::OPEN_READWRITE);
            db.setBusyTimeout(5000);
            db.exec("PRAGMA foreign_keys=ON");
            written = write_backlog(db, o);
        }
        std::cout << "wrote " << o.count << " final ratings to " << o.database << ", seq "
                  << written.first_seq << ".." << written.last_seq << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "make_backlog: " << o.database << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}
