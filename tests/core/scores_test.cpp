// The manager's scores (kiosk/core/scores): every figure against values worked out by hand on a fixed
// set of ratings (an empty period, a single rating, a norm never asked, bursts in and out, days across
// both daylight-saving changes), and the summaries the schema keeps against the ratings themselves on
// thousands of ratings written by every writer there is, deleted, and migrated. Each test checks the
// summaries' figures and the ratings' own (ScoresSource::ratings_only): both must say the same.
#include "scores.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "identifiers.hpp"
#include "rating_store.hpp"
#include "temp_dir.hpp"
#include "time_zone.hpp"
#include "utc_ms.hpp"

using namespace kiosk;

namespace {

const KioskIdentity desk_1{"kiosk-7", "Town hall", "Desk 1"};
const KioskIdentity desk_2{"kiosk-8", "Town hall", "Desk 2"};
const BurstRuleMs no_automatic_bursts{1000, 1};  // the tests flag bursts themselves

struct Visit {
    std::int64_t finished_ms = 0;
    std::optional<int> grade{};
    std::vector<NormAnswer> answers{};
    std::string service{};
    std::string language = "nl";
    EndReason end = EndReason::completed;
    bool burst = false;
};

// Saves a visit as the kiosk does: open at its first tap (the grade), final at its end with its answers.
void rate(RatingStore& store, const Visit& v) {
    Rating r;
    r.started_ms = v.finished_ms - 60'000;
    r.id = make_uuid_v7(r.started_ms);
    r.reference = make_short_reference();
    r.language = v.language;
    r.service = v.service;
    for (const auto& a : v.answers) r.planned_norms.push_back(a.norm_id);
    r.grade = v.grade;
    r.clock_synchronised = true;
    REQUIRE(store.save(r, r.started_ms + 1000));
    r.answers = v.answers;
    r.flags = v.burst ? std::uint32_t{flag_burst} : 0u;
    r.state = RatingState::final;
    r.end_reason = v.end;
    r.finished_ms = v.finished_ms;
    REQUIRE(store.save(r, v.finished_ms));
}

ScoresSettings settings(std::string zone = "Europe/Amsterdam") {
    return ScoresSettings{std::move(zone), 7.0, {"bsc1", "bsc2", "bsc3"}};
}

ScoresQuery query(ScoresPeriod period, bool with_bursts = false, std::optional<std::string> counter = {},
                  std::optional<std::string> service = {}) {
    ScoresQuery q;
    q.period = period;
    q.with_bursts = with_bursts;
    q.counter = std::move(counter);
    q.service = std::move(service);
    return q;
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::abs(*a - *b) < 1e-9;
}

void check_same(const Scores& a, const Scores& b) {
    CHECK(a.from_ms == b.from_ms);
    CHECK(a.first_day == b.first_day);
    CHECK(a.last_day == b.last_day);
    CHECK(a.ratings == b.ratings);
    CHECK(same(a.average_grade, b.average_grade));
    CHECK(a.grades == b.grades);
    CHECK(a.finished == b.finished);
    CHECK(a.completed.count == b.completed.count);
    CHECK(a.stopped.count == b.stopped.count);
    CHECK(a.timed_out.count == b.timed_out.count);
    CHECK(a.abandoned.count == b.abandoned.count);
    CHECK(a.bursts_flagged == b.bursts_flagged);
    REQUIRE(a.norms.size() == b.norms.size());
    for (std::size_t i = 0; i < a.norms.size(); ++i) {
        INFO("norm " << a.norms[i].norm_id);
        CHECK(a.norms[i].norm_id == b.norms[i].norm_id);
        CHECK(a.norms[i].answers == b.norms[i].answers);
        CHECK(a.norms[i].not_applicable == b.norms[i].not_applicable);
        CHECK(same(a.norms[i].average, b.norms[i].average));
        CHECK(a.norms[i].pairs == b.norms[i].pairs);
        CHECK(same(a.norms[i].importance, b.norms[i].importance));
        CHECK(a.norms[i].quadrant == b.norms[i].quadrant);
    }
    REQUIRE(a.trend.size() == b.trend.size());
    for (std::size_t i = 0; i < a.trend.size(); ++i) {
        INFO("trend " << a.trend[i].first_day);
        CHECK(a.trend[i].ratings == b.trend[i].ratings);
        CHECK(same(a.trend[i].average, b.trend[i].average));
    }
    CHECK(a.hours == b.hours);
    CHECK(a.languages == b.languages);
}

// The scores as the kiosk computes them, checked against the ratings' own.
Scores scores(Scoreboard& board, const ScoresQuery& q, std::int64_t now) {
    Scores from_summaries = board.scores(q, now, ScoresSource::summaries);
    Scores from_ratings = board.scores(q, now, ScoresSource::ratings_only);
    check_same(from_summaries, from_ratings);
    return from_summaries;
}

const NormScore& norm(const Scores& s, const std::string& id) {
    for (const auto& n : s.norms)
        if (n.norm_id == id) return n;
    FAIL("no norm " << id);
    throw;
}

std::int64_t trend_at(const Scores& s, const std::string& day) {
    for (const auto& p : s.trend)
        if (p.first_day == day) return p.ratings;
    FAIL("no trend point " << day);
    throw;
}

std::optional<double> trend_average(const Scores& s, const std::string& day) {
    for (const auto& p : s.trend)
        if (p.first_day == day) return p.average;
    FAIL("no trend point " << day);
    throw;
}

// ---- the fixed set, worked out by hand --------------------------------------------------------------
// Now is Wednesday 2026-06-10 12:00 UTC, 14:00 in Amsterdam (summer time, UTC+2); 7 days are the local
// days 06-04 to 06-10, from 06-03 22:00 UTC.
//
//      counter finished (UTC)  local day, hour  grade lang end        service   burst answers
//  R0  Desk 1  06-03 21:59     06-03 23h        1     nl   completed  passport        bsc1 1     (before)
//  R1  Desk 1  06-04 07:15     06-04  9h        8     nl   completed  passport        bsc1 4, bsc2 5
//  R2  Desk 1  06-04 08:40     06-04 10h        6     en   completed  passport        bsc1 2, bsc2 n/a
//  R3  Desk 1  06-05 12:05     06-05 14h        9     nl   stopped    moving          bsc1 5
//  R4  Desk 1  06-08 09:30     06-08 11h        3     pl   timed-out  passport        bsc2 1
//  R5  Desk 1  06-10 07:00     06-10  9h        7     nl   abandoned  moving          bsc1 3, bsc2 4
//  R6  Desk 1  06-09 10:00     06-09 12h        10    nl   completed  passport  yes   bsc1 5, bsc2 5
//  R7  Desk 2  06-06 09:00     06-06 11h        5     de   completed  birth           bsc2 2
//  R8  Desk 1  06-03 22:30     06-04  0h        4     nl   completed  moving          (none)
//  and a rating still open on Desk 1 (grade 2), which counts nowhere. bsc3 is never asked.
// The summaries hold R1-R4, R6, R7 (whole UTC days 06-04 to 06-09); R8 and R5 are read as ratings.
const std::int64_t june_10_noon = utc_ms(2026, 6, 10, 12);

void write_fixed_set(const std::string& path) {
    {
        RatingStore store(path, desk_1, no_automatic_bursts, june_10_noon);
        rate(store, {utc_ms(2026, 6, 3, 21, 59), 1, {{"bsc1", 1}}, "passport"});
        rate(store, {utc_ms(2026, 6, 4, 7, 15), 8, {{"bsc1", 4}, {"bsc2", 5}}, "passport"});
        rate(store, {utc_ms(2026, 6, 4, 8, 40), 6, {{"bsc1", 2}, {"bsc2", 0}}, "passport", "en"});
        rate(store, {utc_ms(2026, 6, 5, 12, 5), 9, {{"bsc1", 5}}, "moving", "nl", EndReason::stopped});
        rate(store, {utc_ms(2026, 6, 8, 9, 30), 3, {{"bsc2", 1}}, "passport", "pl", EndReason::timed_out});
        rate(
            store,
            {utc_ms(2026, 6, 10, 7, 0), 7, {{"bsc1", 3}, {"bsc2", 4}}, "moving", "nl", EndReason::abandoned});
        rate(store, {utc_ms(2026, 6, 9, 10, 0),
                     10,
                     {{"bsc1", 5}, {"bsc2", 5}},
                     "passport",
                     "nl",
                     EndReason::completed,
                     true});
        rate(store, {utc_ms(2026, 6, 3, 22, 30), 4, {}, "moving"});
        Rating open;
        open.started_ms = utc_ms(2026, 6, 10, 11);
        open.id = make_uuid_v7(open.started_ms);
        open.reference = make_short_reference();
        open.language = "nl";
        open.grade = 2;
        REQUIRE(store.save(open, open.started_ms));
    }  // that kiosk stops; its open rating stays open
    RatingStore store(path, desk_2, no_automatic_bursts, june_10_noon);
    REQUIRE(store.query_text("SELECT count(*) FROM ratings WHERE state = 'open'") == "1");
    rate(store, {utc_ms(2026, 6, 6, 9, 0), 5, {{"bsc2", 2}}, "birth", "de"});
}

}  // namespace

TEST_CASE("scores of an empty period: nothing counted, every norm listed, every day of the trend there") {
    TempDir dir;
    { RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, june_10_noon); }
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), june_10_noon);
    CHECK(s.first_day == "2026-06-04");
    CHECK(s.last_day == "2026-06-10");
    CHECK(s.from_ms == utc_ms(2026, 6, 3, 22));
    CHECK(s.ratings == 0);
    CHECK_FALSE(s.average_grade);
    CHECK(s.grade_target == 7.0);
    CHECK(s.grades == std::array<std::int64_t, 10>{});
    CHECK(s.finished == 0);
    CHECK(s.completed.count == 0);
    CHECK(s.completed.share == 0);
    CHECK(s.bursts_flagged == 0);
    REQUIRE(s.norms.size() == 3);
    for (const NormScore& n : s.norms) {
        CHECK(n.answers == 0);
        CHECK_FALSE(n.average);
        CHECK(n.placement == Placement::too_few_answers);
    }
    CHECK_FALSE(s.satisfaction_line);
    REQUIRE(s.trend.size() == 7);
    for (const TrendPoint& p : s.trend) {
        CHECK(p.ratings == 0);
        CHECK_FALSE(p.average);
    }
    CHECK(s.hours == std::array<std::int64_t, 24>{});
    CHECK(s.languages.empty());
}

TEST_CASE("scores of a single rating") {
    TempDir dir;
    {
        RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, june_10_noon);
        rate(store, {utc_ms(2026, 6, 8, 9, 30), 8, {{"bsc1", 4}, {"bsc2", 0}}, "passport", "en"});
    }
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), june_10_noon);
    CHECK(s.ratings == 1);
    CHECK(s.average_grade == 8.0);
    CHECK(s.grades[7] == 1);
    CHECK(s.finished == 1);
    CHECK(s.completed.count == 1);
    CHECK(s.completed.share == 1.0);
    CHECK(norm(s, "bsc1").answers == 1);
    CHECK(norm(s, "bsc1").average == 4.0);
    CHECK(norm(s, "bsc1").pairs == 1);
    CHECK(norm(s, "bsc2").answers == 0);
    CHECK(norm(s, "bsc2").not_applicable == 1);
    CHECK_FALSE(norm(s, "bsc2").average);
    CHECK(trend_at(s, "2026-06-08") == 1);
    CHECK(trend_average(s, "2026-06-08") == 8.0);
    CHECK(s.hours[11] == 1);  // 09:30 UTC is 11:30 in Amsterdam in June
    CHECK(s.languages == std::vector<std::pair<std::string, std::int64_t>>{{"en", 1}});
    // "today" (06-10) does not hold it.
    Scores today = scores(board, query(ScoresPeriod::today), june_10_noon);
    CHECK(today.ratings == 0);
    CHECK(today.trend.size() == 1);
}

TEST_CASE("scores of the fixed set over 7 days, bursts left out, match the hand-worked figures") {
    TempDir dir;
    write_fixed_set(dir.file("k.db"));
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), june_10_noon);
    // R1 R2 R3 R4 R5 R7 R8: grades 8 6 9 3 7 5 4, sum 42.
    CHECK(s.ratings == 7);
    CHECK(s.average_grade == Approx(6.0));
    CHECK(s.grades == std::array<std::int64_t, 10>{0, 0, 1, 1, 1, 1, 1, 1, 1, 0});
    CHECK(s.finished == 7);
    CHECK(s.completed.count == 4);  // R1 R2 R7 R8
    CHECK(s.completed.share == Approx(4.0 / 7));
    CHECK(s.stopped.count == 1);
    CHECK(s.stopped.share == Approx(1.0 / 7));
    CHECK(s.timed_out.count == 1);
    CHECK(s.abandoned.count == 1);
    CHECK(s.bursts_flagged == 1);  // R6, counted apart
    SECTION("per norm") {
        REQUIRE(s.norms.size() == 3);
        CHECK(s.norms[0].norm_id == "bsc1");  // the configured order
        CHECK(norm(s, "bsc1").answers == 4);  // 4 2 5 3
        CHECK(norm(s, "bsc1").average == Approx(3.5));
        CHECK(norm(s, "bsc1").not_applicable == 0);
        CHECK(norm(s, "bsc1").pairs == 4);
        CHECK(norm(s, "bsc2").answers == 4);  // 5 1 4 2
        CHECK(norm(s, "bsc2").average == Approx(3.0));
        CHECK(norm(s, "bsc2").not_applicable == 1);
        // Never asked: there, with nothing.
        CHECK(norm(s, "bsc3").answers == 0);
        CHECK(norm(s, "bsc3").not_applicable == 0);
        CHECK_FALSE(norm(s, "bsc3").average);
        CHECK(norm(s, "bsc3").placement == Placement::too_few_answers);
        CHECK(norm(s, "bsc1").placement == Placement::too_few_answers);  // 4 pairs of 30
    }
    SECTION("the trend per local day") {
        REQUIRE(s.trend_unit == TrendUnit::day);
        REQUIRE(s.trend.size() == 7);
        CHECK(s.trend[0].first_day == "2026-06-04");
        CHECK(trend_at(s, "2026-06-04") == 3);  // R1 R2 R8
        CHECK(trend_average(s, "2026-06-04") == Approx(6.0));
        CHECK(trend_at(s, "2026-06-05") == 1);
        CHECK(trend_at(s, "2026-06-06") == 1);
        CHECK(trend_at(s, "2026-06-07") == 0);
        CHECK_FALSE(trend_average(s, "2026-06-07"));
        CHECK(trend_at(s, "2026-06-08") == 1);
        CHECK(trend_at(s, "2026-06-09") == 0);  // R6 only, a burst
        CHECK(trend_at(s, "2026-06-10") == 1);
        CHECK(trend_average(s, "2026-06-10") == Approx(7.0));
    }
    SECTION("hours and languages") {
        std::array<std::int64_t, 24> hours{};
        hours[0] = 1;   // R8
        hours[9] = 2;   // R1 R5
        hours[10] = 1;  // R2
        hours[11] = 2;  // R4 R7
        hours[14] = 1;  // R3
        CHECK(s.hours == hours);
        CHECK(s.languages ==
              std::vector<std::pair<std::string, std::int64_t>>{{"nl", 4}, {"de", 1}, {"en", 1}, {"pl", 1}});
    }
}

TEST_CASE("scores with the bursts in count the flagged rating in every figure") {
    TempDir dir;
    write_fixed_set(dir.file("k.db"));
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7, true), june_10_noon);
    CHECK(s.ratings == 8);
    CHECK(s.average_grade == Approx(6.5));  // 52 / 8
    CHECK(s.grades[9] == 1);
    CHECK(s.completed.count == 5);
    CHECK(s.completed.share == Approx(5.0 / 8));
    CHECK(s.bursts_flagged == 1);
    CHECK(norm(s, "bsc1").answers == 5);
    CHECK(norm(s, "bsc1").average == Approx(3.8));  // 19 / 5
    CHECK(norm(s, "bsc2").answers == 5);
    CHECK(norm(s, "bsc2").average == Approx(3.4));  // 17 / 5
    CHECK(trend_at(s, "2026-06-09") == 1);
    CHECK(trend_average(s, "2026-06-09") == 10.0);
    CHECK(s.hours[12] == 1);
    CHECK(s.languages.front() == std::pair<std::string, std::int64_t>{"nl", 5});
}

TEST_CASE("scores for one counter or one service count only its ratings") {
    TempDir dir;
    write_fixed_set(dir.file("k.db"));
    Scoreboard board(dir.file("k.db"), settings());
    Scores desk2 = scores(board, query(ScoresPeriod::days_7, false, "Desk 2"), june_10_noon);
    CHECK(desk2.ratings == 1);
    CHECK(desk2.average_grade == 5.0);
    CHECK(norm(desk2, "bsc2").answers == 1);
    CHECK(norm(desk2, "bsc2").average == 2.0);
    CHECK(norm(desk2, "bsc1").answers == 0);
    CHECK(desk2.bursts_flagged == 0);
    CHECK(desk2.languages == std::vector<std::pair<std::string, std::int64_t>>{{"de", 1}});
    Scores desk1 = scores(board, query(ScoresPeriod::days_7, false, "Desk 1"), june_10_noon);
    CHECK(desk1.ratings == 6);
    CHECK(desk1.average_grade == Approx(37.0 / 6));
    Scores passport = scores(board, query(ScoresPeriod::days_7, false, {}, "passport"), june_10_noon);
    CHECK(passport.ratings == 3);  // R1 R2 R4
    CHECK(passport.average_grade == Approx(17.0 / 3));
    CHECK(passport.bursts_flagged == 1);  // R6 was a passport visit
    Scores moving = scores(board, query(ScoresPeriod::days_7, false, {}, "moving"), june_10_noon);
    CHECK(moving.ratings == 3);  // R3 R5 R8
    CHECK(moving.average_grade == Approx(20.0 / 3));
    CHECK(moving.bursts_flagged == 0);
    Scores nobody = scores(board, query(ScoresPeriod::days_7, false, "Desk 9"), june_10_noon);
    CHECK(nobody.ratings == 0);
}

TEST_CASE("scores for today, 30 days and 12 months begin at the right local midnight") {
    TempDir dir;
    write_fixed_set(dir.file("k.db"));
    Scoreboard board(dir.file("k.db"), settings());
    Scores today = scores(board, query(ScoresPeriod::today), june_10_noon);
    CHECK(today.from_ms == utc_ms(2026, 6, 9, 22));
    CHECK(today.ratings == 1);  // R5
    CHECK(today.trend.size() == 1);
    Scores month = scores(board, query(ScoresPeriod::days_30), june_10_noon);
    CHECK(month.first_day == "2026-05-12");
    CHECK(month.trend.size() == 30);
    CHECK(month.ratings == 8);  // R0 too
    CHECK(month.average_grade == Approx(43.0 / 8));
    Scores year = scores(board, query(ScoresPeriod::months_12), june_10_noon);
    CHECK(year.first_day == "2025-06-09");  // the Monday 52 weeks before this week's
    CHECK(year.from_ms == utc_ms(2025, 6, 8, 22));
    REQUIRE(year.trend_unit == TrendUnit::iso_week);
    REQUIRE(year.trend.size() == 53);
    CHECK(year.trend[0].week == "2025-W24");
    const TrendPoint& last_but_one = year.trend[51];
    CHECK(last_but_one.week == "2026-W23");
    CHECK(last_but_one.first_day == "2026-06-01");
    CHECK(last_but_one.ratings == 6);  // R0 R1 R2 R8 R3 R7
    CHECK(last_but_one.average == Approx(33.0 / 6));
    CHECK(year.trend[52].week == "2026-W24");
    CHECK(year.trend[52].ratings == 2);  // R4 R5 (R6 is a burst)
    CHECK(year.trend[52].average == Approx(5.0));
}

TEST_CASE("scores across the spring change: a 23-hour day, and no hour 2") {
    // Now Monday 2026-03-30 12:00 UTC (14:00 summer time); 7 days from 03-24 00:00 (03-23 23:00 UTC).
    TempDir dir;
    std::int64_t now = utc_ms(2026, 3, 30, 12);
    {
        RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now);
        rate(store, {utc_ms(2026, 3, 23, 22, 59), 1});   // 03-23 23:59: before the period
        rate(store, {utc_ms(2026, 3, 23, 23, 0), 5});    // 03-24 00:00
        rate(store, {utc_ms(2026, 3, 28, 22, 59), 6});   // 03-28 23:59 winter time
        rate(store, {utc_ms(2026, 3, 28, 23, 30), 7});   // 03-29 00:30
        rate(store, {utc_ms(2026, 3, 29, 0, 59), 8});    // 03-29 01:59, the last winter minute
        rate(store, {utc_ms(2026, 3, 29, 1, 0), 9});     // 03-29 03:00 summer time
        rate(store, {utc_ms(2026, 3, 29, 21, 59), 10});  // 03-29 23:59
        rate(store, {utc_ms(2026, 3, 29, 22, 0), 4});    // 03-30 00:00
    }
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), now);
    CHECK(s.from_ms == utc_ms(2026, 3, 23, 23));
    CHECK(s.ratings == 7);
    CHECK(trend_at(s, "2026-03-24") == 1);
    CHECK(trend_at(s, "2026-03-28") == 1);
    CHECK(trend_at(s, "2026-03-29") == 4);
    CHECK(trend_average(s, "2026-03-29") == Approx(8.5));
    CHECK(trend_at(s, "2026-03-30") == 1);
    CHECK(trend_average(s, "2026-03-30") == 4.0);
    CHECK(s.hours[0] == 3);
    CHECK(s.hours[1] == 1);
    CHECK(s.hours[2] == 0);
    CHECK(s.hours[3] == 1);
    CHECK(s.hours[23] == 2);
}

TEST_CASE("scores across the autumn change: a 25-hour day, and hour 2 twice") {
    // Now Monday 2026-10-26 12:00 UTC (13:00 winter time).
    TempDir dir;
    std::int64_t now = utc_ms(2026, 10, 26, 12);
    {
        RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now);
        rate(store, {utc_ms(2026, 10, 24, 21, 59), 5});  // 10-24 23:59 summer time
        rate(store, {utc_ms(2026, 10, 24, 22, 0), 6});   // 10-25 00:00
        rate(store, {utc_ms(2026, 10, 25, 0, 30), 7});   // 02:30 summer time
        rate(store, {utc_ms(2026, 10, 25, 1, 30), 8});   // 02:30 winter time
        rate(store, {utc_ms(2026, 10, 25, 22, 59), 9});  // 10-25 23:59 winter time
        rate(store, {utc_ms(2026, 10, 25, 23, 0), 10});  // 10-26 00:00
    }
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), now);
    CHECK(s.from_ms == utc_ms(2026, 10, 19, 22));
    CHECK(trend_at(s, "2026-10-24") == 1);
    CHECK(trend_at(s, "2026-10-25") == 4);
    CHECK(trend_average(s, "2026-10-25") == Approx(7.5));
    CHECK(trend_at(s, "2026-10-26") == 1);
    CHECK(s.hours[0] == 2);
    CHECK(s.hours[2] == 2);
    CHECK(s.hours[23] == 2);
}

TEST_CASE("scores in a zone whose offset is not whole hours put each rating in its own local hour") {
    // Kolkata is UTC+5:30 all year: a UTC hour of the summaries spans two local hours, so every rating
    // is read.
    TempDir dir;
    std::int64_t now = utc_ms(2026, 6, 10, 12);
    {
        RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now);
        rate(store, {utc_ms(2026, 6, 8, 18, 29), 6});  // 06-08 23:59
        rate(store, {utc_ms(2026, 6, 8, 18, 30), 8});  // 06-09 00:00
    }
    Scoreboard board(dir.file("k.db"), settings("Asia/Kolkata"));
    Scores s = scores(board, query(ScoresPeriod::days_7), now);
    CHECK(s.from_ms == utc_ms(2026, 6, 3, 18, 30));
    CHECK(trend_at(s, "2026-06-08") == 1);
    CHECK(trend_at(s, "2026-06-09") == 1);
    CHECK(s.hours[23] == 1);
    CHECK(s.hours[0] == 1);
}

TEST_CASE("importance through the database: answers that rise with the grade are placed at 1") {
    TempDir dir;
    std::int64_t now = june_10_noon;
    {
        RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now);
        // 30 ratings: bsc1 rises with the grade, bsc2 falls, bsc3 gets 29 answers.
        for (int i = 0; i < 30; ++i) {
            int answer = i % 5 + 1;
            std::vector<NormAnswer> answers{{"bsc1", answer}, {"bsc2", 6 - answer}};
            if (i > 0) answers.push_back({"bsc3", answer});
            rate(store, {utc_ms(2026, 6, 8, 8) + i * 60'000, answer * 2, answers});
        }
    }
    Scoreboard board(dir.file("k.db"), settings());
    Scores s = scores(board, query(ScoresPeriod::days_7), now);
    CHECK(norm(s, "bsc1").pairs == 30);
    CHECK(norm(s, "bsc1").placement == Placement::placed);
    CHECK(norm(s, "bsc1").importance == Approx(1.0));
    CHECK(norm(s, "bsc2").importance == Approx(-1.0));
    CHECK(norm(s, "bsc3").pairs == 29);
    CHECK(norm(s, "bsc3").placement == Placement::too_few_answers);
    CHECK_FALSE(norm(s, "bsc3").importance);
    // Averages 3 and 3, importances 1 and -1: bsc1 is important; neither is below the median or 3.
    CHECK(norm(s, "bsc1").quadrant == Quadrant::keep_up);
    CHECK(norm(s, "bsc2").quadrant == Quadrant::maintain);
}

TEST_CASE("scores are read beside a running kiosk, which goes on saving, and see each save") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, june_10_noon);  // the kiosk runs
    Scoreboard board(dir.file("k.db"), settings());
    rate(store, {utc_ms(2026, 6, 8, 9, 30), 8, {{"bsc1", 4}}});
    CHECK(scores(board, query(ScoresPeriod::days_7), june_10_noon).ratings == 1);
    rate(store, {utc_ms(2026, 6, 10, 9, 30), 6, {{"bsc1", 2}}});  // today: read from the ratings
    rate(store, {utc_ms(2026, 6, 9, 9, 30), 7, {{"bsc1", 3}}});   // a summary's day
    Scores s = scores(board, query(ScoresPeriod::days_7), june_10_noon);
    CHECK(s.ratings == 3);
    CHECK(s.average_grade == Approx(7.0));
    CHECK(norm(s, "bsc1").average == Approx(3.0));
}

// ---- the summaries against the ratings, on thousands of ratings --------------------------------------
namespace {

// Ratings written straight in SQL, as each of the kiosk's writers writes them (so that thousands take
// a second): open at the first tap and made final with the answers rewritten in the same transaction
// (RatingStore::write); final at the first write (a save that waited in memory); closed as abandoned
// at the last answer (RatingStore::close_open_ratings).
void write_random_ratings(SQLite::Database& db, std::int64_t from_ms, std::int64_t to_ms, int count,
                          std::uint32_t seed, std::vector<std::int64_t> also_at = {}) {
    std::mt19937 random(seed);
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const char* counters[] = {"Desk 1", "Desk 2"};
    const char* services[] = {"", "passport", "moving"};
    const char* languages[] = {"nl", "en", "pl", "de"};
    const char* ends[] = {"completed", "completed", "stopped", "timed-out"};
    const char* norms[] = {"bsc1", "bsc2", "bsc4", "waiting-time"};
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t seq = db.execAndGet("SELECT coalesce(max(seq), 0) FROM ratings").getInt64();
    SQLite::Statement insert(db, R"sql(
        INSERT INTO ratings(id, reference, kiosk_id, site, counter, service, language, planned_norms, started_ms,
                            updated_ms, finished_ms, clock_synced, grade, flags, state, end_reason, seq)
        VALUES (?1, ?2, 'k', 'Town hall', ?3, nullif(?4, ''), ?5, '', ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13))sql");
    SQLite::Statement add(db, "INSERT INTO answers(rating_id, norm_id, value) VALUES (?, ?, ?)");
    SQLite::Statement clear(db, "DELETE FROM answers WHERE rating_id = ?");
    SQLite::Statement make_final(db,
                                 "UPDATE ratings SET state = 'final', end_reason = ?2, finished_ms = ?3, "
                                 "flags = ?4, seq = ?5, updated_ms = ?3 WHERE id = ?1");
    SQLite::Statement abandon(db,
                              "UPDATE ratings SET state = 'final', end_reason = 'abandoned', "
                              "finished_ms = updated_ms, seq = ?2 WHERE id = ?1");
    for (int i = 0; i < count + static_cast<int>(also_at.size()); ++i) {
        std::int64_t finished =
            i < count ? from_ms + static_cast<std::int64_t>(random() %
                                                            static_cast<unsigned>((to_ms - from_ms) / 1000)) *
                                      1000
                      : also_at[static_cast<std::size_t>(i - count)];
        std::string id = make_uuid_v7(finished - 50'000) + "-" + std::to_string(i);
        std::optional<int> grade;
        if (pick(10) > 0) grade = 1 + pick(10);
        int burst = pick(10) == 0 ? 1 : 0;
        std::vector<std::pair<std::string, int>> answers;
        for (const char* norm : norms)
            if (pick(2) == 0) answers.emplace_back(norm, pick(6));
        int how = pick(10);  // 0-6: open, then final; 7-8: final at once; 9: abandoned
        insert.bind(1, id);
        insert.bind(2, "R" + std::to_string(seed) + "-" + std::to_string(i));
        insert.bind(3, counters[pick(2)]);
        insert.bind(4, services[pick(3)]);
        insert.bind(5, languages[pick(4)]);
        insert.bind(6, finished - 50'000);
        insert.bind(7, how == 9 ? finished : finished - 40'000);
        if (grade)
            insert.bind(9, *grade);
        else
            insert.bind(9);
        insert.bind(10, how >= 7 && how <= 8 ? burst : 0);
        if (how == 7 || how == 8) {
            insert.bind(8, finished);
            insert.bind(11, "final");
            insert.bind(12, ends[pick(4)]);
            insert.bind(13, ++seq);
        } else {
            insert.bind(8);
            insert.bind(11, "open");
            insert.bind(12);
            insert.bind(13);
        }
        insert.exec();
        insert.reset();
        // An answer of the open rating that the final save replaces.
        if (how <= 6) {
            add.bind(1, id);
            add.bind(2, "bsc1");
            add.bind(3, pick(6));
            add.exec();
            add.reset();
            make_final.bind(1, id);
            make_final.bind(2, ends[pick(4)]);
            make_final.bind(3, finished);
            make_final.bind(4, burst);
            make_final.bind(5, ++seq);
            make_final.exec();
            make_final.reset();
            clear.bind(1, id);
            clear.exec();
            clear.reset();
        }
        for (const auto& [norm, value] : answers) {
            add.bind(1, id);
            add.bind(2, norm);
            add.bind(3, value);
            add.exec();
            add.reset();
        }
        if (how == 9) {
            abandon.bind(1, id);
            abandon.bind(2, ++seq);
            abandon.exec();
            abandon.reset();
        }
    }
    tx.commit();
}

void check_every_query(Scoreboard& board, std::int64_t now) {
    for (ScoresPeriod period :
         {ScoresPeriod::today, ScoresPeriod::days_7, ScoresPeriod::days_30, ScoresPeriod::months_12})
        for (bool bursts : {false, true})
            for (auto [counter, service] :
                 std::initializer_list<std::pair<std::optional<std::string>, std::optional<std::string>>>{
                     {{}, {}}, {"Desk 2", {}}, {{}, "passport"}, {"Desk 1", "moving"}}) {
                INFO("period " << to_string(period) << ", bursts " << bursts << ", counter "
                               << counter.value_or("all") << ", service " << service.value_or("all"));
                scores(board, query(period, bursts, counter, service), now);
            }
}

}  // namespace

TEST_CASE(
    "the summaries say what the ratings say, for every period and filter, across a year with "
    "both daylight-saving changes and ratings at every kind of midnight") {
    TempDir dir;
    std::int64_t now = utc_ms(2026, 11, 4, 15, 20);
    { RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now); }
    TimeZone zone = *TimeZone::named("Europe/Amsterdam");
    std::vector<std::int64_t> edges;
    for (int day = 0; day < 420; day += 3) {
        std::int64_t midnight = zone.start_of_day_ms(zone.local_day(now) - day);
        std::int64_t utc_midnight = (now / 86'400'000 - day) * 86'400'000;
        for (std::int64_t t : {midnight - 1, midnight, midnight + 1, utc_midnight - 1, utc_midnight})
            edges.push_back(t);
    }
    edges.push_back(now);
    {
        SQLite::Database db(dir.file("k.db"), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA foreign_keys=ON");
        write_random_ratings(db, now - 420LL * 86'400'000, now + 3'600'000, 3000, 1, edges);
    }
    Scoreboard board(dir.file("k.db"), ScoresSettings{"Europe/Amsterdam", 7.0, {"bsc1", "bsc3"}});
    Scores year = scores(board, query(ScoresPeriod::months_12, true), now);
    CHECK(year.ratings > 2000);  // the data reach every figure
    CHECK(norm(year, "waiting-time").placement == Placement::placed);
    check_every_query(board, now);

    SECTION("after the prune, a cascade and an answer changed by hand") {
        SQLite::Database db(dir.file("k.db"), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA foreign_keys=ON");
        const std::string oldest =
            "SELECT id FROM ratings WHERE state = 'final' ORDER BY finished_ms LIMIT 300";
        db.exec("DELETE FROM answers WHERE rating_id IN (" + oldest + ")");  // as the prune does
        db.exec("DELETE FROM ratings WHERE id IN (" + oldest + ")");
        db.exec(
            "DELETE FROM ratings WHERE id IN (SELECT id FROM ratings WHERE state = 'final' "
            "ORDER BY finished_ms DESC LIMIT 200)");  // the answers go by the foreign key's cascade
        db.exec("UPDATE answers SET value = 5 - value WHERE norm_id = 'bsc2'");  // 5 becomes n/a
        check_every_query(board, now);
    }
    SECTION("in a database made before the scores, migrated") {
        {
            SQLite::Database db(dir.file("k.db"), SQLite::OPEN_READWRITE);
            // Back to schema 4: the summaries, their views and triggers gone.
            std::vector<std::string> drops;
            {
                SQLite::Statement objects(db,
                                          "SELECT type, name FROM sqlite_schema WHERE name LIKE 'score%' "
                                          "OR name LIKE '%tally%' ORDER BY CASE type WHEN 'trigger' THEN 0 "
                                          "WHEN 'view' THEN 1 ELSE 2 END");
                while (objects.executeStep())
                    drops.push_back("DROP " + objects.getColumn(0).getString() + " " +
                                    objects.getColumn(1).getString());
            }
            REQUIRE(drops.size() == 14);  // 4 tables, 2 views, 8 triggers
            for (const auto& drop : drops) db.exec(drop);
            db.exec("PRAGMA user_version = 4");
        }
        REQUIRE_THROWS_WITH(board.scores(query(ScoresPeriod::days_7), now),
                            Catch::Contains("schema 4") && Catch::Contains("start the kiosk once"));
        { RatingStore store(dir.file("k.db"), desk_1, no_automatic_bursts, now); }  // migrates
        check_every_query(board, now);
    }
}
