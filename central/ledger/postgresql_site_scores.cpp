#include "postgresql_site_scores.hpp"

namespace central {
namespace {

constexpr std::int64_t widest_offset_ms = 15 * 3'600'000;  // no zone is further from UTC

// $1 time zone; $2 site; $3, $4 finished_ms bounds wide enough for any zone (the index's range);
// $5 counter or NULL; $6 service or NULL; $7 first and $8 last day of the period, local;
// $9 true for weekly buckets; $10 true to count bursts in the figures. A rating's local time is
// computed from its milliseconds exactly (an interval, not a floating-point division).
constexpr const char* picked_sql = R"sql(
    WITH picked AS MATERIALIZED (
        SELECT kiosk_id, grade, end_reason, burst, language, answers, local
        FROM (SELECT r.kiosk_id, r.grade, r.end_reason, r.flags & 1 AS burst, r.language, r.answers,
                     (TIMESTAMPTZ 'epoch' + r.finished_ms * INTERVAL '1 millisecond') AT TIME ZONE $1::text AS local
              FROM ratings r
              WHERE r.site = $2 AND r.finished_ms >= $3::bigint AND r.finished_ms < $4::bigint
                AND ($5::text IS NULL OR r.counter = $5) AND ($6::text IS NULL OR r.service = $6)) AS r
        WHERE local >= $7::date AND local < $8::date + 1),
    counted AS MATERIALIZED (
        SELECT *, to_char(date_trunc(CASE WHEN $9::boolean THEN 'week' ELSE 'day' END, local), 'YYYY-MM-DD') AS bucket,
               extract(hour FROM local)::int AS hour
        FROM picked WHERE $10::boolean OR burst = 0)
)sql";

// kind, key, count, graded, grade_sum: the rows SiteTally::add takes.
constexpr const char* figures_sql = R"sql(
    SELECT 'all', '', count(*), count(grade), coalesce(sum(grade), 0) FROM counted
    UNION ALL SELECT 'kiosks', '', count(DISTINCT kiosk_id), 0, 0 FROM counted
    UNION ALL SELECT 'bursts', '', count(*), 0, 0 FROM picked WHERE burst = 1
    UNION ALL SELECT 'grade', grade::text, count(*), 0, 0 FROM counted WHERE grade IS NOT NULL GROUP BY grade
    UNION ALL SELECT 'end', end_reason, count(*), 0, 0 FROM counted GROUP BY end_reason
    UNION ALL SELECT 'language', language, count(*), 0, 0 FROM counted GROUP BY language
    UNION ALL SELECT 'bucket', bucket, count(*), count(grade), coalesce(sum(grade), 0) FROM counted GROUP BY bucket
    UNION ALL SELECT 'hour', hour::text, count(*), 0, 0 FROM counted GROUP BY hour)sql";

// norm, answers 1..5, their sum, answers 0 ("does not apply").
constexpr const char* norms_sql = R"sql(
    SELECT a.key, count(*) FILTER (WHERE a.value::int > 0),
           coalesce(sum(a.value::int) FILTER (WHERE a.value::int > 0), 0), count(*) FILTER (WHERE a.value::int = 0)
    FROM counted c CROSS JOIN LATERAL jsonb_each_text(c.answers) AS a(key, value)
    GROUP BY a.key)sql";

std::int64_t day_start_utc_ms(Day day) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count();
}

}  // namespace

SiteFigures postgresql_site_scores(PgConnection& c, const SiteScoresQuery& query) {
    const SitePlan plan = plan_site_scores(query);
    const auto optional_text = [](const std::optional<std::string>& v) {
        return v ? PgParam::text(*v) : PgParam::null();
    };
    const std::vector<PgParam> params = {
        PgParam::text(query.time_zone),
        PgParam::text(query.site),
        PgParam::number(day_start_utc_ms(plan.first) - widest_offset_ms),
        PgParam::number(day_start_utc_ms(plan.last + std::chrono::days{1}) + widest_offset_ms),
        optional_text(query.counter),
        optional_text(query.service),
        PgParam::text(day_text(plan.first)),
        PgParam::text(day_text(plan.last)),
        PgParam::text(plan.weekly ? "true" : "false"),
        PgParam::text(query.with_bursts ? "true" : "false"),
    };
    SiteTally tally(query, plan);
    const auto figures = c.run((std::string(picked_sql) + figures_sql).c_str(), params);
    for (int i = 0; i < PQntuples(figures.get()); ++i) {
        tally.add(pg_text(figures.get(), i, 0), pg_text(figures.get(), i, 1), pg_int(figures.get(), i, 2),
                  pg_int(figures.get(), i, 3), pg_int(figures.get(), i, 4));
    }
    const auto norms = c.run((std::string(picked_sql) + norms_sql).c_str(), params);
    for (int i = 0; i < PQntuples(norms.get()); ++i) {
        tally.add_norm(
            pg_text(norms.get(), i, 0),
            NormTally{pg_int(norms.get(), i, 1), pg_int(norms.get(), i, 2), pg_int(norms.get(), i, 3)});
    }
    return std::move(tally).done();
}

}  // namespace central
