#include "score_cells.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <optional>
#include <stdexcept>

#include "store_reader.hpp"

namespace kiosk {
namespace {

// As migration 5 (rating_store.cpp) buckets score_norms: level 1 is a block of this many UTC days.
constexpr std::int64_t block_days = 32;
constexpr int first_schema_with_summaries = 5;

// A statement stepped through SQLite's own interface: a year's summaries are tens of thousands of rows of
// up to 58 numbers, and SQLiteCpp's column objects cost more than the numbers themselves.
class Rows {
  public:
    Rows(SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
        check(sqlite3_prepare_v2(db_, sql, -1, &statement_, nullptr));
    }
    ~Rows() { sqlite3_finalize(statement_); }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    void bind(int at, std::int64_t value) { check(sqlite3_bind_int64(statement_, at, value)); }
    // nullopt binds NULL: "(?3 IS NULL OR counter = ?3)" serves "all" and "this one" alike.
    void bind(int at, const std::optional<std::string>& value) {
        check(value ? sqlite3_bind_text(statement_, at, value->data(), static_cast<int>(value->size()),
                                        SQLITE_TRANSIENT)
                    : sqlite3_bind_null(statement_, at));
    }
    void bind_filter(int at, const ScoreFilter& filter) {
        bind(at, filter.counter);
        bind(at + 1, filter.service);
    }
    bool next() {
        int result = sqlite3_step(statement_);
        if (result == SQLITE_ROW) return true;
        if (result != SQLITE_DONE) check(result);
        return false;
    }
    std::int64_t number(int column) const { return sqlite3_column_int64(statement_, column); }
    bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    void text(int column, std::string& out) const {
        const unsigned char* text = sqlite3_column_text(statement_, column);
        out.assign(text ? reinterpret_cast<const char*>(text) : "",
                   static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
    }

  private:
    void check(int result) {
        if (result != SQLITE_OK) throw SQLite::Exception(db_, result);
    }
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

void read_hours(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
                ScoreSink& sink) {
    Rows q(db,
           "SELECT hour, burst, ratings, graded, grade_sum FROM score_hours "
           "WHERE hour >= ?1 AND hour < ?2 AND (?3 IS NULL OR counter = ?3) "
           "AND (?4 IS NULL OR service = ?4) AND ratings <> 0");
    q.bind(1, first_day * 24);
    q.bind(2, end_day * 24);
    q.bind_filter(3, filter);
    while (q.next()) sink.add(HourCell{q.number(0), q.number(1) != 0, q.number(2), q.number(3), q.number(4)});
}

void read_days(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
               ScoreSink& sink) {
    Rows q(db,
           "SELECT burst, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, completed, stopped, timed_out, "
           "abandoned FROM score_days WHERE day >= ?1 AND day < ?2 "
           "AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR service = ?4)");
    q.bind(1, first_day);
    q.bind(2, end_day);
    q.bind_filter(3, filter);
    DayCell cell;
    while (q.next()) {
        cell.burst = q.number(0) != 0;
        for (int g = 0; g < 10; ++g) cell.grades[g] = q.number(1 + g);
        cell.completed = q.number(11);
        cell.stopped = q.number(12);
        cell.timed_out = q.number(13);
        cell.abandoned = q.number(14);
        sink.add(cell);
    }
}

void read_languages(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day,
                    const ScoreFilter& filter, ScoreSink& sink) {
    Rows q(db,
           "SELECT burst, language, ratings FROM score_languages WHERE day >= ?1 AND day < ?2 "
           "AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR service = ?4) AND ratings <> 0");
    q.bind(1, first_day);
    q.bind(2, end_day);
    q.bind_filter(3, filter);
    LanguageCell cell;
    while (q.next()) {
        cell.burst = q.number(0) != 0;
        q.text(1, cell.language);
        cell.ratings = q.number(2);
        sink.add(cell);
    }
}

// The norms' rows of one level over [first, end) of its buckets.
void read_norms_level(SQLite::Database& db, int level, std::int64_t first, std::int64_t end,
                      const ScoreFilter& filter, ScoreSink& sink) {
    if (end <= first) return;
    Rows q(db,
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
    q.bind_filter(3, filter);
    q.bind(5, std::int64_t{level});
    NormCell cell;
    while (q.next()) {
        cell.burst = q.number(0) != 0;
        q.text(1, cell.norm_id);
        cell.counts.not_applicable = q.number(2);
        for (int a = 0; a < 5; ++a) cell.counts.ungraded[a] = q.number(3 + a);
        for (int g = 0; g < 10; ++g)
            for (int a = 0; a < 5; ++a) cell.counts.by_grade[g][a] = q.number(8 + g * 5 + a);
        sink.add(cell);
    }
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return a >= 0 ? (a + b - 1) / b : a / b; }
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Whole blocks from the block level, the days before and after them from the day level.
void read_norms(SQLite::Database& db, std::int64_t first_day, std::int64_t end_day, const ScoreFilter& filter,
                ScoreSink& sink) {
    std::int64_t first_block = ceil_div(first_day, block_days);
    std::int64_t end_block = floor_div(end_day, block_days);
    if (end_block <= first_block) {
        read_norms_level(db, 0, first_day, end_day, filter, sink);
        return;
    }
    read_norms_level(db, 0, first_day, first_block * block_days, filter, sink);
    read_norms_level(db, 1, first_block, end_block, filter, sink);
    read_norms_level(db, 0, end_block * block_days, end_day, filter, sink);
}

void read_ratings(SQLite::Database& db, std::int64_t from_ms, std::int64_t to_ms, const ScoreFilter& filter,
                  ScoreSink& sink) {
    if (to_ms <= from_ms) return;
    // A LEFT JOIN keeps the rating outside: its answers come in consecutive rows.
    Rows q(db, R"sql(
        SELECT r.rowid, r.finished_ms, r.flags & 1, r.grade, r.language, coalesce(r.end_reason, ''),
               a.norm_id, a.value
        FROM ratings r LEFT JOIN answers a ON a.rating_id = r.id
        WHERE r.state = 'final' AND r.finished_ms >= ?1 AND r.finished_ms < ?2
          AND (?3 IS NULL OR r.counter = ?3) AND (?4 IS NULL OR r.service = ?4))sql");
    q.bind(1, from_ms);
    q.bind(2, to_ms);
    q.bind_filter(3, filter);
    std::optional<std::int64_t> current;
    FinalRating r;
    while (q.next()) {
        std::int64_t rowid = q.number(0);
        if (rowid != current) {
            if (current) sink.add(r);
            current = rowid;
            r.finished_ms = q.number(1);
            r.burst = q.number(2) != 0;
            r.grade.reset();
            if (!q.is_null(3)) r.grade = static_cast<int>(q.number(3));
            q.text(4, r.language);
            q.text(5, r.end_reason);
            r.answers.clear();
        }
        if (!q.is_null(6)) {
            r.answers.emplace_back();
            q.text(6, r.answers.back().norm_id);
            r.answers.back().value = static_cast<int>(q.number(7));
        }
    }
    if (current) sink.add(r);
}

}  // namespace

void read_scores(StoreReader& reader, const ScoreSources& sources, const ScoreFilter& filter,
                 ScoreSink& sink) {
    SQLite::Database& db = reader.database();
    try {
        // Deferred: the snapshot begins at the first read and holds until the rollback at the end.
        SQLite::Transaction snapshot(db, SQLite::TransactionBehavior::DEFERRED);
        int schema = db.execAndGet("PRAGMA user_version").getInt();
        if (schema < first_schema_with_summaries)
            throw std::runtime_error("the database " + reader.path() + " has schema " +
                                     std::to_string(schema) +
                                     ", which keeps no scores yet; start the kiosk once (it adds them)");
        if (sources.end_day > sources.first_day) {
            read_hours(db, sources.first_day, sources.end_day, filter, sink);
            read_days(db, sources.first_day, sources.end_day, filter, sink);
            read_languages(db, sources.first_day, sources.end_day, filter, sink);
            read_norms(db, sources.first_day, sources.end_day, filter, sink);
        }
        for (auto [from, to] : sources.ratings_in) read_ratings(db, from, to, filter, sink);
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("Unable to read the scores from " + reader.path() + ": " + e.what());
    }
}

}  // namespace kiosk
