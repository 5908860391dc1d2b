#include "sqlite_site_scores.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

namespace central {
namespace {

// ?1 the local hours as JSON [[start_ms, end_ms, bucket, hour], ...]; ?2 site; ?3 counter or NULL;
// ?4 service or NULL; ?5 1 to count bursts in the figures, 0 to leave them out. `picked` is every
// rating of the period that passes the filters, `counted` those the figures count.
constexpr const char* picked_sql = R"sql(
    WITH hours(start_ms, end_ms, bucket, hour) AS MATERIALIZED (
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
               json_extract(value, '$[3]')
        FROM json_each(?1)),
    picked AS MATERIALIZED (
        SELECT r.kiosk_id, r.grade, r.end_reason, r.flags & 1 AS burst, r.language, r.answers, h.bucket, h.hour
        FROM hours h JOIN ratings r INDEXED BY ratings_by_site
             ON r.site = ?2 AND r.finished_ms >= h.start_ms AND r.finished_ms < h.end_ms
        WHERE (?3 IS NULL OR r.counter = ?3) AND (?4 IS NULL OR r.service = ?4)),
    counted AS MATERIALIZED (SELECT * FROM picked WHERE ?5 OR burst = 0)
)sql";

// kind, key, count, graded, grade_sum: the rows SiteTally::add takes.
constexpr const char* figures_sql = R"sql(
    SELECT 'all', '', count(*), count(grade), coalesce(sum(grade), 0) FROM counted
    UNION ALL SELECT 'kiosks', '', count(DISTINCT kiosk_id), 0, 0 FROM counted
    UNION ALL SELECT 'bursts', '', count(*), 0, 0 FROM picked WHERE burst = 1
    UNION ALL SELECT 'grade', grade, count(*), 0, 0 FROM counted WHERE grade IS NOT NULL GROUP BY grade
    UNION ALL SELECT 'end', end_reason, count(*), 0, 0 FROM counted GROUP BY end_reason
    UNION ALL SELECT 'language', language, count(*), 0, 0 FROM counted GROUP BY language
    UNION ALL SELECT 'bucket', bucket, count(*), count(grade), coalesce(sum(grade), 0) FROM counted GROUP BY bucket
    UNION ALL SELECT 'hour', hour, count(*), 0, 0 FROM counted GROUP BY hour)sql";

// norm, answers 1..5, their sum, answers 0 ("does not apply").
constexpr const char* norms_sql = R"sql(
    SELECT a.key, sum(a.value > 0), coalesce(sum(CASE WHEN a.value > 0 THEN a.value END), 0), sum(a.value = 0)
    FROM counted c, json_each(c.answers) a
    GROUP BY a.key)sql";

std::string hours_json(const SitePlan& plan, const SiteScoresQuery& query) {
    nlohmann::json hours = nlohmann::json::array();
    for (const LocalHour& h : local_hours(query.time_zone, plan.first, plan.last)) {
        // A week's bucket is its Monday: the latest bucket that is not after the hour's day.
        auto bucket = std::upper_bound(plan.buckets.begin(), plan.buckets.end(), h.day);
        hours.push_back({h.start_ms, h.end_ms, day_text(*std::prev(bucket)), h.hour});
    }
    return hours.dump();
}

void bind_filters(SQLite::Statement& statement, const std::string& hours, const SiteScoresQuery& query) {
    statement.bind(1, hours);
    statement.bind(2, query.site);
    if (query.counter) statement.bind(3, *query.counter);
    if (query.service) statement.bind(4, *query.service);
    statement.bind(5, query.with_bursts ? 1 : 0);
}

}  // namespace

SiteFigures sqlite_site_scores(SQLite::Database& db, const SiteScoresQuery& query) {
    const SitePlan plan = plan_site_scores(query);
    const std::string hours = hours_json(plan, query);
    SiteTally tally(query, plan);
    SQLite::Transaction snapshot(db);  // both statements read the same ratings
    SQLite::Statement figures(db, std::string(picked_sql) + figures_sql);
    bind_filters(figures, hours, query);
    while (figures.executeStep()) {
        tally.add(figures.getColumn(0).getString(), figures.getColumn(1).getString(),
                  figures.getColumn(2).getInt64(), figures.getColumn(3).getInt64(),
                  figures.getColumn(4).getInt64());
    }
    SQLite::Statement norms(db, std::string(picked_sql) + norms_sql);
    bind_filters(norms, hours, query);
    while (norms.executeStep()) {
        tally.add_norm(norms.getColumn(0).getString(),
                       NormTally{norms.getColumn(1).getInt64(), norms.getColumn(2).getInt64(),
                                 norms.getColumn(3).getInt64()});
    }
    snapshot.commit();
    return std::move(tally).done();
}

}  // namespace central
