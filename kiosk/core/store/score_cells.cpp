#include "score_cells.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <stdexcept>

#include "store_reader.hpp"

namespace kiosk {
namespace {

// As migration 5 (rating_store.cpp) buckets score_norms: level 1 is a block of this many UTC days.
constexpr std::int64_t block_days = 32;
constexpr int first_schema_with_summaries = 5;

// "(?3 IS NULL OR counter = ?3)": one statement serves "all" and "this one".
void bind_filter(SQLite::Statement& q, int at, const ScoreFilter& filter) {
    if (filter.counter)
        q.bind(at, *filter.counter);
    else
        q.bind(at);
    if (filter.service)
        q.bind(at + 1, *filter.service);
    else
        q.bind(at + 1);
}

void read_hours(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
                ScoreCells& out) {
    SQLite::Statement q(db,
                        "SELECT hour, burst, ratings, graded, grade_sum FROM score_hours "
                        "WHERE hour >= ?1 AND hour < ?2 AND (?3 IS NULL OR counter = ?3) "
                        "AND (?4 IS NULL OR service = ?4) AND ratings <> 0");
    q.bind(1, first_day * 24);
    q.bind(2, end_day * 24);
    bind_filter(q, 3, filter);
    while (q.executeStep())
        out.hours.push_back(HourCell{q.getColumn(0).getInt64(), q.getColumn(1).getInt() != 0,
                                     q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                                     q.getColumn(4).getInt64()});
}

void read_days(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
               ScoreCells& out) {
    SQLite::Statement q(
        db,
        "SELECT burst, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, completed, stopped, timed_out, "
        "abandoned FROM score_days WHERE day >= ?1 AND day < ?2 "
        "AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR service = ?4)");
    q.bind(1, first_day);
    q.bind(2, end_day);
    bind_filter(q, 3, filter);
    while (q.executeStep()) {
        DayCell cell;
        cell.burst = q.getColumn(0).getInt() != 0;
        for (int g = 0; g < 10; ++g) cell.grades[g] = q.getColumn(1 + g).getInt64();
        cell.completed = q.getColumn(11).getInt64();
        cell.stopped = q.getColumn(12).getInt64();
        cell.timed_out = q.getColumn(13).getInt64();
        cell.abandoned = q.getColumn(14).getInt64();
        out.days.push_back(cell);
    }
}

void read_languages(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day,
                    const ScoreFilter& filter, ScoreCells& out) {
    SQLite::Statement q(db,
                        "SELECT burst, language, ratings FROM score_languages WHERE day >= ?1 AND day < ?2 "
                        "AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR service = ?4) AND ratings <> 0");
    q.bind(1, first_day);
    q.bind(2, end_day);
    bind_filter(q, 3, filter);
    while (q.executeStep())
        out.languages.push_back(LanguageCell{q.getColumn(0).getInt() != 0, q.getColumn(1).getString(),
                                             q.getColumn(2).getInt64()});
}

// The norms' rows of one level over [first, end) of its buckets.
void read_norms_level(SQLite::Database& db, int level, std::int64_t first, std::int64_t end,
                      const ScoreFilter& filter, ScoreCells& out) {
    if (end <= first) return;
    SQLite::Statement q(db,
                        "SELECT burst, norm_id, not_applicable, u1, u2, u3, u4, u5, "
                        "g1a1, g1a2, g1a3, g1a4, g1a5, g2a1, g2a2, g2a3, g2a4, g2a5, "
                        "g3a1, g3a2, g3a3, g3a4, g3a5, g4a1, g4a2, g4a3, g4a4, g4a5, "
                        "g5a1, g5a2, g5a3, g5a4, g5a5, g6a1, g6a2, g6a3, g6a4, g6a5, "
                        "g7a1, g7a2, g7a3, g7a4, g7a5, g8a1, g8a2, g8a3, g8a4, g8a5, "
                        "g9a1, g9a2, g9a3, g9a4, g9a5, g10a1, g10a2, g10a3, g10a4, g10a5 "
                        "FROM score_norms WHERE level = ?5 AND bucket >= ?1 AND bucket < ?2 "
                        "AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR service = ?4)");
    q.bind(1, first);
    q.bind(2, end);
    bind_filter(q, 3, filter);
    q.bind(5, level);
    while (q.executeStep()) {
        NormCell cell;
        cell.burst = q.getColumn(0).getInt() != 0;
        cell.norm_id = q.getColumn(1).getString();
        cell.counts.not_applicable = q.getColumn(2).getInt64();
        for (int a = 0; a < 5; ++a) cell.counts.ungraded[a] = q.getColumn(3 + a).getInt64();
        for (int g = 0; g < 10; ++g)
            for (int a = 0; a < 5; ++a) cell.counts.by_grade[g][a] = q.getColumn(8 + g * 5 + a).getInt64();
        out.norms.push_back(std::move(cell));
    }
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return a >= 0 ? (a + b - 1) / b : a / b; }
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Whole blocks from the block level, the days before and after them from the day level.
void read_norms(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
                ScoreCells& out) {
    std::int64_t first_block = ceil_div(first_day, block_days);
    std::int64_t end_block = floor_div(end_day, block_days);
    if (end_block <= first_block) {
        read_norms_level(db, 0, first_day, end_day, filter, out);
        return;
    }
    read_norms_level(db, 0, first_day, first_block * block_days, filter, out);
    read_norms_level(db, 1, first_block, end_block, filter, out);
    read_norms_level(db, 0, end_block * block_days, end_day, filter, out);
}

void read_ratings(SQLite::Database& db, std::int64_t from_ms, std::int64_t to_ms, const ScoreFilter& filter,
                  std::vector<FinalRating>& out) {
    if (to_ms <= from_ms) return;
    // A LEFT JOIN keeps the rating outside: its answers come in consecutive rows.
    SQLite::Statement q(db, R"sql(
        SELECT r.rowid, r.finished_ms, r.flags & 1, r.grade, r.language, coalesce(r.end_reason, ''),
               a.norm_id, a.value
        FROM ratings r LEFT JOIN answers a ON a.rating_id = r.id
        WHERE r.state = 'final' AND r.finished_ms >= ?1 AND r.finished_ms < ?2
          AND (?3 IS NULL OR r.counter = ?3) AND (?4 IS NULL OR r.service = ?4))sql");
    q.bind(1, from_ms);
    q.bind(2, to_ms);
    bind_filter(q, 3, filter);
    std::optional<std::int64_t> current;
    while (q.executeStep()) {
        std::int64_t rowid = q.getColumn(0).getInt64();
        if (rowid != current) {
            current = rowid;
            FinalRating r;
            r.finished_ms = q.getColumn(1).getInt64();
            r.burst = q.getColumn(2).getInt() != 0;
            if (!q.getColumn(3).isNull()) r.grade = q.getColumn(3).getInt();
            r.language = q.getColumn(4).getString();
            r.end_reason = q.getColumn(5).getString();
            out.push_back(std::move(r));
        }
        if (!q.getColumn(6).isNull())
            out.back().answers.push_back(NormAnswer{q.getColumn(6).getString(), q.getColumn(7).getInt()});
    }
}

}  // namespace

ScoreReading read_scores(StoreReader& reader, const ScoreSources& sources, const ScoreFilter& filter) {
    SQLite::Database& db = reader.database();
    ScoreReading reading;
    try {
        // Deferred: the snapshot begins at the first read and holds until the rollback at the end.
        SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);
        int schema = db.execAndGet("PRAGMA user_version").getInt();
        if (schema < first_schema_with_summaries)
            throw std::runtime_error("the database " + reader.path() + " has schema " +
                                     std::to_string(schema) +
                                     ", which keeps no scores yet; start the kiosk once (it adds them)");
        if (sources.end_day > sources.first_day) {
            read_hours(db, sources.first_day, sources.end_day, filter, reading.cells);
            read_days(db, sources.first_day, sources.end_day, filter, reading.cells);
            read_languages(db, sources.first_day, sources.end_day, filter, reading.cells);
            read_norms(db, sources.first_day, sources.end_day, filter, reading.cells);
        }
        for (auto [from, to] : sources.ratings_in) read_ratings(db, from, to, filter, reading.ratings);
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("Unable to read the scores from " + reader.path() + ": " + e.what());
    }
    return reading;
}

}  // namespace kiosk
