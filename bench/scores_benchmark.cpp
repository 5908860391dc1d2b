// scores_benchmark: the manager's whole dashboard over one year of a busy centre. Fills a kiosk database
// (made by the kiosk's own RatingStore) with a year of ratings spread over opening hours, 5 answers
// each, then times Scoreboard::scores for every period, all counters and all services, as the kiosk
// computes them (the summaries) and from the ratings themselves; then times a tap's final save on that
// database with the summaries' triggers and without them. Prints a report; docs/performance.md
// records it. Usage: bench/scores_benchmark.sh (builds it and runs it).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "identifiers.hpp"
#include "rating_store.hpp"
#include "scores.hpp"
#include "time_zone.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    auto at = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values[std::min(at, values.size() - 1)];
}

const std::vector<std::string> norms = {"bsc1", "bsc2", "bsc3", "bsc4",
                                        "bsc5", "bsc6", "bsc7", "waiting-time"};
// How strongly each norm's answers follow the visit's overall satisfaction: the matrix has something to say.
const std::vector<double> norm_weight = {0.3, 0.9, 0.5, 1.1, 0.2, 0.7, 0.4, 1.3};
const std::vector<double> norm_level = {4.1, 3.6, 3.9, 3.4, 4.3, 3.7, 4.0, 3.1};

template <class T>
const T& weighted(const std::vector<std::pair<T, double>>& items, std::mt19937_64& random) {
    double total = 0;
    for (const auto& item : items) total += item.second;
    double x = std::uniform_real_distribution<double>(0, total)(random);
    for (const auto& item : items) {
        if (x < item.second) return item.first;
        x -= item.second;
    }
    return items.back().first;
}

struct Fill {
    std::int64_t ratings = 0, answers = 0;
    double seconds = 0;
};

// A town hall's week: Monday to Friday 08:30-17:00, Thursday until 20:00; busiest mid-morning and
// mid-afternoon. Times are local (Europe/Amsterdam), so daylight saving moves them in UTC.
Fill fill(const std::string& path, std::int64_t count, std::int64_t now_ms, std::uint64_t seed) {
    kiosk::TimeZone zone = *kiosk::TimeZone::named("Europe/Amsterdam");
    std::mt19937_64 random(seed);
    kiosk::LocalDay today = zone.local_day(now_ms);
    std::vector<kiosk::LocalDay> days;
    for (kiosk::LocalDay d = today - 364; d <= today; ++d)
        if (kiosk::weekday_from_monday(d) < 5) days.push_back(d);
    // Half hours from 08:30 (17 of them to 17:00, 23 on Thursday), with their weights.
    const std::vector<double> half_hour_weight = {0.5, 0.8, 1.0, 1.3, 1.4, 1.4, 1.3, 1.0, 0.7, 0.6, 0.8,
                                                  1.0, 1.2, 1.3, 1.2, 1.0, 0.7, 0.5, 0.5, 0.4, 0.4, 0.3};
    std::vector<std::int64_t> times;
    times.reserve(static_cast<std::size_t>(count));
    while (static_cast<std::int64_t>(times.size()) < count) {
        kiosk::LocalDay d = days[std::uniform_int_distribution<std::size_t>(0, days.size() - 1)(random)];
        std::size_t slots = kiosk::weekday_from_monday(d) == 3 ? half_hour_weight.size() : 17;
        std::vector<std::pair<std::size_t, double>> choice;
        for (std::size_t i = 0; i < slots; ++i) choice.emplace_back(i, half_hour_weight[i]);
        std::size_t slot = weighted(choice, random);
        std::int64_t local_ms = (8 * 60 + 30 + 30 * static_cast<std::int64_t>(slot)) * 60'000 +
                                std::uniform_int_distribution<std::int64_t>(0, 1'799'999)(random);
        std::int64_t midnight = zone.start_of_day_ms(d);
        std::int64_t t = midnight + local_ms;
        t -= zone.offset_ms(t) - zone.offset_ms(midnight);  // the wall clock, across a change that night
        if (t <= now_ms) times.push_back(t);                // today: what has happened so far
    }
    std::sort(times.begin(), times.end());

    const std::vector<std::pair<std::string, double>> services = {
        {"passport", 40}, {"moving", 20}, {"birth", 8}, {"driving-licence", 22}, {"other", 10}};
    const std::vector<std::pair<std::string, double>> languages = {{"nl", 80}, {"en", 8}, {"pl", 5},
                                                                   {"de", 3},  {"bg", 2}, {"tr", 2}};
    const std::vector<std::pair<std::string, double>> ends = {
        {"completed", 85}, {"stopped", 5}, {"timed-out", 7}, {"abandoned", 3}};
    std::normal_distribution<double> normal(0, 1);
    auto start = Clock::now();
    Fill f;
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys=ON");
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(db, R"sql(
        INSERT INTO ratings(seq, id, reference, kiosk_id, site, counter, service, language, planned_norms,
                            started_ms, updated_ms, finished_ms, clock_synced, grade, flags, state, end_reason)
        VALUES (?1, ?2, ?3, 'bench-kiosk', 'Town hall', 'Counter 1', ?4, ?5, ?6, ?7, ?8, ?8, 1, ?9, ?10, 'final',
                ?11))sql");
    SQLite::Statement answer(db, "INSERT INTO answers(rating_id, norm_id, value) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < times.size(); ++i) {
        double satisfaction = normal(random);
        int grade =
            std::clamp(static_cast<int>(std::lround(7.3 + 1.4 * satisfaction + 0.8 * normal(random))), 1, 10);
        std::string id = kiosk::make_uuid_v7(times[i] - 45'000);
        std::size_t first = i % norms.size();  // the rotation: every norm asked as often
        std::string planned;
        for (std::size_t n = 0; n < 5; ++n) planned += (n ? "," : "") + norms[(first + n) % norms.size()];
        insert.bind(1, static_cast<std::int64_t>(i + 1));
        insert.bind(2, id);
        insert.bind(3, "B" + std::to_string(i));
        insert.bind(4, weighted(services, random));
        insert.bind(5, weighted(languages, random));
        insert.bind(6, planned);
        insert.bind(7, times[i] - 45'000);
        insert.bind(8, times[i]);
        insert.bind(9, grade);
        insert.bind(10, std::uniform_int_distribution<int>(0, 99)(random) == 0 ? 1 : 0);  // 1 % in bursts
        insert.bind(11, weighted(ends, random));
        insert.exec();
        insert.reset();
        for (std::size_t n = 0; n < 5; ++n) {
            std::size_t k = (first + n) % norms.size();
            int value =
                std::uniform_int_distribution<int>(0, 99)(random) < 5
                    ? 0  // does not apply
                    : std::clamp(static_cast<int>(std::lround(norm_level[k] + norm_weight[k] * satisfaction +
                                                              0.7 * normal(random))),
                                 1, 5);
            answer.bind(1, id);
            answer.bind(2, norms[k]);
            answer.bind(3, value);
            answer.exec();
            answer.reset();
            ++f.answers;
        }
        ++f.ratings;
    }
    tx.commit();
    f.seconds = ms_since(start) / 1000;
    return f;
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Saves {
    std::vector<double> wall_ms;  // to durable: the fsync included, which other writers on the disk vary
    std::vector<double> cpu_ms;   // this thread's CPU: what the triggers add, without the disk's wait
};

// A visit's taps on the kiosk's own store: the grade (a new rating), an answer, then the final save with
// its answers, which the summaries' triggers count. Times each final save.
Saves final_saves(const std::string& path, int visits, std::int64_t now_ms) {
    kiosk::RatingStore store(path, kiosk::KioskIdentity{"bench-kiosk", "Town hall", "Counter 1"},
                             kiosk::BurstRuleMs{}, now_ms);
    Saves times;
    for (int i = 0; i < visits; ++i) {
        std::int64_t at = now_ms + i * 60'000;
        kiosk::Rating r;
        r.id = kiosk::make_uuid_v7(at);
        r.reference = kiosk::make_short_reference();
        r.language = "nl";
        r.service = "passport";
        r.planned_norms = {"bsc1", "bsc2", "bsc3", "bsc4", "bsc5"};
        r.started_ms = at;
        r.grade = 7;
        store.save(r, at);
        r.answers = {{"bsc1", 4}};
        store.save(r, at + 5000);
        r.answers = {{"bsc1", 4}, {"bsc2", 3}, {"bsc3", 5}, {"bsc4", 2}, {"bsc5", 0}};
        r.state = kiosk::RatingState::final;
        r.end_reason = kiosk::EndReason::completed;
        r.finished_ms = at + 30'000;
        auto start = Clock::now();
        double cpu = thread_cpu_ms();
        if (!store.save(r, at + 30'000)) throw std::runtime_error("a save failed");
        times.cpu_ms.push_back(thread_cpu_ms() - cpu);
        times.wall_ms.push_back(ms_since(start));
    }
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "The manager's dashboard over a year of a busy centre: fill, time, report (docs/performance.md)."};
    std::string database;
    std::int64_t count = 300'000;
    int repeats = 10;
    int visits = 200;
    app.add_option("--database", database,
                   "where to build the database (default: a temporary folder, removed); one already there is "
                   "timed again as it is, not filled");
    app.add_option("--ratings", count, "ratings in the year")->capture_default_str();
    app.add_option("--repeats", repeats, "times each dashboard is computed")->capture_default_str();
    app.add_option("--visits", visits,
                   "visits saved for the tap timing, with and without the triggers (0: none; this drops the "
                   "triggers from the database afterwards)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    namespace fs = std::filesystem;
    fs::path folder;
    if (database.empty()) {
        folder = fs::temp_directory_path() / ("scores-benchmark-" + std::to_string(::getpid()));
        fs::create_directories(folder);
        database = (folder / "kiosk.db").string();
    }
    // Now is the last Wednesday at 15:30 in Amsterdam: a busy day's ratings so far are read one by one
    // (the summaries cover whole UTC days), the most a dashboard reads that way.
    kiosk::TimeZone zone = *kiosk::TimeZone::named("Europe/Amsterdam");
    kiosk::LocalDay today = zone.local_day(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
    today -= (kiosk::weekday_from_monday(today) + 7 - 2) % 7;
    std::int64_t now = zone.start_of_day_ms(today) + (15 * 60 + 30) * 60'000;
    int status = 0;
    try {
        bool reuse = fs::exists(database);
        { kiosk::RatingStore store(database, {"bench-kiosk", "Town hall", "Counter 1"}, {}, now); }
        Fill f;
        if (!reuse) f = fill(database, count, now, 7);
        double megabytes =
            static_cast<double>(fs::file_size(database) +
                                (fs::exists(database + "-wal") ? fs::file_size(database + "-wal") : 0)) /
            1e6;
        if (reuse)
            std::printf("database: %s as it is, %.0f MB; now is %s 15:30 Europe/Amsterdam\n",
                        database.c_str(), megabytes, kiosk::local_day_text(today).c_str());
        else
            std::printf(
                "database: %lld ratings, %lld answers in the year to %s 15:30 Europe/Amsterdam, filled in "
                "%.1f s; %.0f MB\n",
                static_cast<long long>(f.ratings), static_cast<long long>(f.answers),
                kiosk::local_day_text(today).c_str(), f.seconds, megabytes);
        kiosk::ScoresSettings settings{"Europe/Amsterdam", 7.0, norms};
        auto open_start = Clock::now();
        kiosk::Scoreboard board(database, settings);
        std::printf("open the reader connection: %.2f ms\n", ms_since(open_start));
        std::printf("%-42s %9s %9s %9s   %s\n", "dashboard (all counters, all services)", "first", "median",
                    "max", "ratings");
        for (kiosk::ScoresPeriod period : {kiosk::ScoresPeriod::months_12, kiosk::ScoresPeriod::days_30,
                                           kiosk::ScoresPeriod::days_7, kiosk::ScoresPeriod::today})
            for (bool bursts : {false, true}) {
                kiosk::ScoresQuery q;
                q.period = period;
                q.with_bursts = bursts;
                std::vector<double> times;
                std::int64_t ratings = 0;
                for (int i = 0; i < repeats; ++i) {
                    auto start = Clock::now();
                    ratings = board.scores(q, now).ratings;
                    times.push_back(ms_since(start));
                }
                std::string what =
                    std::string(kiosk::to_string(period)) + (bursts ? ", bursts in" : ", bursts out");
                std::printf("%-42s %6.1f ms %6.1f ms %6.1f ms   %lld\n", what.c_str(), times.front(),
                            percentile(times, 0.5), percentile(times, 1.0), static_cast<long long>(ratings));
            }
        {
            kiosk::ScoresQuery q;
            q.period = kiosk::ScoresPeriod::months_12;
            auto start = Clock::now();
            auto ratings = board.scores(q, now, kiosk::ScoresSource::ratings_only).ratings;
            std::printf("%-42s %6.1f ms (every rating read instead of the summaries; %lld ratings)\n",
                        "12m, bursts out, from the ratings", ms_since(start),
                        static_cast<long long>(ratings));
        }
        if (visits == 0) return status;
        auto with = final_saves(database, visits, now);
        {
            SQLite::Database db(database, SQLite::OPEN_READWRITE);
            for (const char* trigger : {"scores_count_final_rating", "scores_count_rating_made_final",
                                        "scores_uncount_deleted_rating", "scores_count_answer",
                                        "scores_uncount_answer", "scores_recount_answer"})
                db.exec(std::string("DROP TRIGGER ") + trigger);
        }
        auto without = final_saves(database, visits, now + visits * 60'000LL);
        std::printf("a visit's final save (5 answers, synchronous=FULL), %d visits, median / p99:\n", visits);
        std::printf("  with the summaries' triggers     to durable %.2f / %.2f ms, CPU %.3f / %.3f ms\n",
                    percentile(with.wall_ms, 0.5), percentile(with.wall_ms, 0.99),
                    percentile(with.cpu_ms, 0.5), percentile(with.cpu_ms, 0.99));
        std::printf("  without them (dropped)           to durable %.2f / %.2f ms, CPU %.3f / %.3f ms\n",
                    percentile(without.wall_ms, 0.5), percentile(without.wall_ms, 0.99),
                    percentile(without.cpu_ms, 0.5), percentile(without.cpu_ms, 0.99));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scores_benchmark: %s\n", e.what());
        status = 1;
    }
    if (!folder.empty()) fs::remove_all(folder);
    return status;
}
