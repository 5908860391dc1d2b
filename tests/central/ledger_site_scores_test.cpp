// A site's figures (central/ledger/site_scores.hpp), each checked on SQLite and on PostgreSQL against
// values worked out by hand on one fixed data set: two kiosks of the site "Town hall" and one of "North
// office", which must never count. The site's zone is Europe/Amsterdam, whose clocks go back on
// 2026-10-25 (03:00 CEST is 02:00 CET, at 01:00 UTC) and forward on 2026-03-29 (02:00 CET is 03:00
// CEST, at 01:00 UTC), and each period's first and last instants have a rating on either side.
//
// The ratings, with their finishing time in UTC and in Amsterdam (day, hour); counter Desk 2, service
// moving, unless said:
//   k-a 1  2026-10-20 21:59:59.999Z  10-20 23 (CEST)  grade 1   completed  nl              (before 7d)
//   k-a 2  2026-10-20 22:00:00.000Z  10-21 00 (CEST)  grade 10  completed  en  bsc1 5, bsc4 n/a
//   k-a 3  2026-10-25 00:30Z         10-25 02 (CEST)  grade 7   timed-out  nl  bsc1 3
//   k-a 4  2026-10-25 01:30Z         10-25 02 (CET)   no grade  abandoned  nl
//   k-a 5  2026-10-26 08:15Z         10-26 09         grade 8   stopped    de  bsc1 4, waiting-time 2; burst
//   k-a 6  2026-10-27 22:59:59.999Z  10-27 23         grade 9   completed  en  waiting-time 5, bsc4 n/a;
//                                                                              service passport
//   k-a 7  2026-10-27 23:00:00.000Z  10-28 00         grade 2   completed  nl              (after today)
//   k-b 1  2026-10-23 12:00:00Z      10-23 14 (CEST)  grade 6   completed  nl  bsc1 2, bsc4 1;
//                                                                              Desk 1, passport
//   k-b 2  2026-10-23 12:00:10Z      10-23 14         grade 6   completed  nl  bsc1 2; burst
//   k-b 3  2026-10-24 07:00Z         10-24 09 (CEST)  grade 5   completed  pl  bsc4 n/a
//   k-b 4  2026-03-29 00:30Z         03-29 01 (CET)   grade 3   completed  nl
//   k-b 5  2026-03-29 01:30Z         03-29 03 (CEST)  grade 4   completed  nl
//   k-b 6  2025-10-26 22:59:59.999Z  10-26 23 (CET)   grade 1   completed  nl              (before 12m)
//   k-b 7  2025-10-26 23:00:00.000Z  10-27 00 (CET)   grade 2   completed  nl
//   k-c 1  2026-10-24 08:00Z  (North office)          grade 1   completed  nl  bsc1 1, bsc2 1
//   k-c 2  2026-10-26 09:00Z  (North office)          grade 1   completed  nl
// "Now" is 2026-10-27 22:59:59.999Z, the last millisecond of 10-27 in Amsterdam: 7d is 10-21 to 10-27,
// today is 10-27, 12m is the ISO weeks from Monday 2025-10-27 to the week of Monday 2026-10-26.
#include <catch2/catch.hpp>

#include "ledger_test_backends.hpp"
#include "protocol/utc_text.hpp"

using central::SitePeriod;

namespace {

constexpr const char* amsterdam = "Europe/Amsterdam";

std::int64_t ms(const std::string& utc) { return protocol::utc_time_ms(utc).value(); }

struct Rating {
    std::string kiosk;
    std::int64_t seq;
    std::string finished;  // UTC
    std::optional<int> grade;
    std::string end_reason;
    std::string language;
    std::map<std::string, int> answers;
    std::int64_t flags = 0;
    std::string counter = "Desk 2";
    std::optional<std::string> service = "moving";
};

const std::vector<Rating>& data_set() {
    static const std::vector<Rating> ratings = {
        {"k-a", 1, "2026-10-20T21:59:59.999Z", 1, "completed", "nl", {}},
        {"k-a", 2, "2026-10-20T22:00:00.000Z", 10, "completed", "en", {{"bsc1", 5}, {"bsc4", 0}}},
        {"k-a", 3, "2026-10-25T00:30:00.000Z", 7, "timed-out", "nl", {{"bsc1", 3}}},
        {"k-a", 4, "2026-10-25T01:30:00.000Z", std::nullopt, "abandoned", "nl", {}},
        {"k-a", 5, "2026-10-26T08:15:00.000Z", 8, "stopped", "de", {{"bsc1", 4}, {"waiting-time", 2}}, 1},
        {"k-a",
         6,
         "2026-10-27T22:59:59.999Z",
         9,
         "completed",
         "en",
         {{"waiting-time", 5}, {"bsc4", 0}},
         0,
         "Desk 2",
         "passport"},
        {"k-a", 7, "2026-10-27T23:00:00.000Z", 2, "completed", "nl", {}},
        {"k-b",
         1,
         "2026-10-23T12:00:00.000Z",
         6,
         "completed",
         "nl",
         {{"bsc1", 2}, {"bsc4", 1}},
         0,
         "Desk 1",
         "passport"},
        {"k-b", 2, "2026-10-23T12:00:10.000Z", 6, "completed", "nl", {{"bsc1", 2}}, 1},
        {"k-b", 3, "2026-10-24T07:00:00.000Z", 5, "completed", "pl", {{"bsc4", 0}}},
        {"k-b", 4, "2026-03-29T00:30:00.000Z", 3, "completed", "nl", {}},
        {"k-b", 5, "2026-03-29T01:30:00.000Z", 4, "completed", "nl", {}},
        {"k-b", 6, "2025-10-26T22:59:59.999Z", 1, "completed", "nl", {}},
        {"k-b", 7, "2025-10-26T23:00:00.000Z", 2, "completed", "nl", {}},
        {"k-c", 1, "2026-10-24T08:00:00.000Z", 1, "completed", "nl", {{"bsc1", 1}, {"bsc2", 1}}},
        {"k-c", 2, "2026-10-26T09:00:00.000Z", 1, "completed", "nl", {}},
    };
    return ratings;
}

central::IncomingRating incoming(const Rating& r) {
    central::IncomingRating out = sample_rating(r.seq);
    out.id = r.kiosk + "-" + std::to_string(r.seq);
    out.site = r.kiosk == "k-c" ? "North office" : "Town hall";
    out.counter = r.counter;
    out.service = r.service;
    out.language = r.language;
    out.norms_asked.clear();
    for (const auto& [norm, value] : r.answers) out.norms_asked.push_back(norm);
    out.answers = r.answers;
    out.grade = r.grade;
    out.started = r.finished;
    out.finished = r.finished;
    out.end_reason = r.end_reason;
    out.flags = r.flags;
    return out;
}

template <class Backend>
std::unique_ptr<central::Ledger> with_data_set(Backend& backend) {
    auto ledger = backend.open();
    ledger->migrate();
    for (const char* kiosk : {"k-a", "k-b", "k-c"}) {
        ledger->enrol(kiosk, "key", 0);
        central::IncomingBatch batch;
        batch.batch_id = std::string("batch-") + kiosk;
        batch.kiosk_id = kiosk;
        batch.body = "{}";
        batch.body_digest = "sha-256=" + batch.batch_id;
        for (const Rating& r : data_set())
            if (r.kiosk == kiosk) batch.ratings.push_back(incoming(r));
        batch.first_seq = 1;
        batch.last_seq = static_cast<std::int64_t>(batch.ratings.size());
        REQUIRE(ledger->store_batch(batch, 0).accepted == static_cast<int>(batch.ratings.size()));
    }
    return ledger;
}

central::SiteScoresQuery query(SitePeriod period, bool with_bursts = true, const char* zone = amsterdam) {
    central::SiteScoresQuery q;
    q.site = "Town hall";
    q.period = period;
    q.with_bursts = with_bursts;
    q.time_zone = zone;
    q.now_ms = ms("2026-10-27T22:59:59.999Z");
    return q;
}

using Hours = std::array<std::int64_t, 24>;
Hours hours(std::initializer_list<std::pair<int, std::int64_t>> counts) {
    Hours out{};
    for (auto [hour, count] : counts) out[static_cast<std::size_t>(hour)] = count;
    return out;
}

// "start count graded grade_sum" of each bucket with a rating, in order.
std::vector<std::string> busy_buckets(const central::SiteFigures& f) {
    std::vector<std::string> out;
    for (const auto& t : f.trend)
        if (t.count > 0)
            out.push_back(t.start + " " + std::to_string(t.count) + " " + std::to_string(t.graded) + " " +
                          std::to_string(t.grade_sum));
    return out;
}

std::string norm_text(const central::SiteFigures& f, const std::string& norm) {
    auto found = f.norms.find(norm);
    if (found == f.norms.end()) return "(not answered)";
    return std::to_string(found->second.answers) + " answers, sum " +
           std::to_string(found->second.answer_sum) + ", " + std::to_string(found->second.not_applicable) +
           " n/a";
}

}  // namespace

TEMPLATE_TEST_CASE(
    "a site's 7 days count its two kiosks' ratings of its own days and hours and no other site's",
    "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    const central::SiteFigures f = ledger->site_scores(query(SitePeriod::days_7));
    CHECK(f.site == "Town hall");
    CHECK(f.first_day == "2026-10-21");
    CHECK(f.last_day == "2026-10-27");
    // k-a 2..6 and k-b 1..3: k-a 1 ends 10-20 and k-a 7 starts 10-28 in Amsterdam, by a millisecond.
    CHECK(f.count == 8);
    CHECK(f.kiosks == 2);
    CHECK(f.graded == 7);
    CHECK(f.grade_sum == 10 + 7 + 8 + 9 + 6 + 6 + 5);
    CHECK(f.grades == std::array<std::int64_t, 10>{0, 0, 0, 0, 1, 2, 1, 1, 1, 1});
    CHECK(f.end_reasons == std::map<std::string, std::int64_t>{
                               {"completed", 5}, {"stopped", 1}, {"timed-out", 1}, {"abandoned", 1}});
    CHECK(f.bursts == 2);
    CHECK(norm_text(f, "bsc1") == "5 answers, sum 16, 0 n/a");
    CHECK(norm_text(f, "bsc4") == "1 answers, sum 1, 3 n/a");
    CHECK(norm_text(f, "waiting-time") == "2 answers, sum 7, 0 n/a");
    CHECK(norm_text(f, "bsc2") == "(not answered)");  // only North office answered it
    CHECK(f.norms.size() == 3);
    CHECK(f.languages == std::map<std::string, std::int64_t>{{"de", 1}, {"en", 2}, {"nl", 4}, {"pl", 1}});
    // 10-25's hour 2 happens twice (CEST, then CET): k-a 3 and k-a 4 both count in it.
    CHECK(f.hours == hours({{0, 1}, {2, 2}, {9, 2}, {14, 2}, {23, 1}}));
    REQUIRE(f.trend.size() == 7);
    CHECK(f.trend.front().start == "2026-10-21");
    CHECK(f.trend.back().start == "2026-10-27");
    CHECK(f.trend[1].count == 0);  // 10-22: no rating, still a day of the trend
    CHECK(busy_buckets(f) == std::vector<std::string>{"2026-10-21 1 1 10", "2026-10-23 2 2 12",
                                                      "2026-10-24 1 1 5", "2026-10-25 2 1 7",
                                                      "2026-10-26 1 1 8", "2026-10-27 1 1 9"});
}

TEMPLATE_TEST_CASE("bursts left out leave every figure but the count of bursts", "[ledger][site-scores]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    const central::SiteFigures f = ledger->site_scores(query(SitePeriod::days_7, false));
    // Without k-a 5 and k-b 2.
    CHECK(f.count == 6);
    CHECK(f.kiosks == 2);
    CHECK(f.graded == 5);
    CHECK(f.grade_sum == 10 + 7 + 9 + 6 + 5);
    CHECK(f.grades == std::array<std::int64_t, 10>{0, 0, 0, 0, 1, 1, 1, 0, 1, 1});
    CHECK(f.end_reasons == std::map<std::string, std::int64_t>{
                               {"completed", 4}, {"stopped", 0}, {"timed-out", 1}, {"abandoned", 1}});
    CHECK(f.bursts == 2);
    CHECK(norm_text(f, "bsc1") == "3 answers, sum 10, 0 n/a");
    CHECK(norm_text(f, "bsc4") == "1 answers, sum 1, 3 n/a");
    CHECK(norm_text(f, "waiting-time") == "1 answers, sum 5, 0 n/a");
    CHECK(f.languages == std::map<std::string, std::int64_t>{{"en", 2}, {"nl", 3}, {"pl", 1}});
    CHECK(f.hours == hours({{0, 1}, {2, 2}, {9, 1}, {14, 1}, {23, 1}}));
    CHECK(busy_buckets(f) == std::vector<std::string>{"2026-10-21 1 1 10", "2026-10-23 1 1 6",
                                                      "2026-10-24 1 1 5", "2026-10-25 2 1 7",
                                                      "2026-10-27 1 1 9"});
}

TEMPLATE_TEST_CASE("a counter or a service narrows every figure to its ratings", "[ledger][site-scores]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    auto by_counter = query(SitePeriod::days_7);
    by_counter.counter = "Desk 1";
    const central::SiteFigures desk = ledger->site_scores(by_counter);
    CHECK(desk.count == 1);  // k-b 1
    CHECK(desk.kiosks == 1);
    CHECK(desk.grade_sum == 6);
    CHECK(norm_text(desk, "bsc1") == "1 answers, sum 2, 0 n/a");
    CHECK(desk.hours == hours({{14, 1}}));

    auto by_service = query(SitePeriod::days_7);
    by_service.service = "passport";
    const central::SiteFigures passport = ledger->site_scores(by_service);
    CHECK(passport.count == 2);  // k-b 1 and k-a 6
    CHECK(passport.kiosks == 2);
    CHECK(passport.grade_sum == 6 + 9);
    CHECK(busy_buckets(passport) == std::vector<std::string>{"2026-10-23 1 1 6", "2026-10-27 1 1 9"});
}

TEMPLATE_TEST_CASE("today is the site's day up to its last millisecond and a single rating",
                   "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    const central::SiteFigures f = ledger->site_scores(query(SitePeriod::today));
    CHECK(f.first_day == "2026-10-27");
    CHECK(f.last_day == "2026-10-27");
    CHECK(f.count == 1);  // k-a 6 at 23:59:59.999; k-a 7 a millisecond later is tomorrow
    CHECK(f.kiosks == 1);
    CHECK(f.grades == std::array<std::int64_t, 10>{0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
    CHECK(f.hours == hours({{23, 1}}));
    CHECK(f.languages == std::map<std::string, std::int64_t>{{"en", 1}});
    CHECK(busy_buckets(f) == std::vector<std::string>{"2026-10-27 1 1 9"});
    CHECK(f.trend.size() == 1);
}

TEMPLATE_TEST_CASE("12 months count in ISO weeks across both daylight-saving changes",
                   "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    const central::SiteFigures f = ledger->site_scores(query(SitePeriod::months_12));
    CHECK(f.first_day == "2025-10-27");  // the Monday 52 weeks before the current week's
    CHECK(f.last_day == "2026-10-27");
    REQUIRE(f.trend.size() == 53);
    CHECK(f.trend.front().start == "2025-10-27");
    CHECK(f.trend.back().start == "2026-10-26");
    // k-a 1..6, k-b 1..5 and 7; k-b 6 is the Sunday before, k-a 7 tomorrow.
    CHECK(f.count == 12);
    CHECK(f.kiosks == 2);
    CHECK(busy_buckets(f) == std::vector<std::string>{"2025-10-27 1 1 2", "2026-03-23 2 2 7",
                                                      "2026-10-19 7 6 35", "2026-10-26 2 2 17"});
    // 03-29 has no hour 2: k-b 4 is at 01:30 CET, k-b 5 at 03:30 CEST.
    CHECK(f.hours == hours({{0, 2}, {1, 1}, {2, 2}, {3, 1}, {9, 2}, {14, 2}, {23, 2}}));
}

TEMPLATE_TEST_CASE("the same ratings counted in another time zone fall on other days and hours",
                   "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    const central::SiteFigures f = ledger->site_scores(query(SitePeriod::days_7, true, "UTC"));
    CHECK(f.first_day == "2026-10-21");
    CHECK(f.last_day == "2026-10-27");
    // k-a 2 is 10-20 in UTC, k-a 7 is 10-27; k-a 3..6 and k-b 1..3 stay in.
    CHECK(f.count == 8);
    CHECK(f.hours == hours({{0, 1}, {1, 1}, {7, 1}, {8, 1}, {12, 2}, {22, 1}, {23, 1}}));
    CHECK(busy_buckets(f) == std::vector<std::string>{"2026-10-23 2 2 12", "2026-10-24 1 1 5",
                                                      "2026-10-25 2 1 7", "2026-10-26 1 1 8",
                                                      "2026-10-27 2 2 11"});
}

TEMPLATE_TEST_CASE("an empty period has zero counts, no averages and every day of its trend",
                   "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    auto later = query(SitePeriod::days_30);
    later.now_ms = ms("2027-03-01T12:00:00.000Z");
    const central::SiteFigures f = ledger->site_scores(later);
    CHECK(f.first_day == "2027-01-31");
    CHECK(f.last_day == "2027-03-01");
    CHECK(f.count == 0);
    CHECK(f.kiosks == 0);
    CHECK(f.graded == 0);
    CHECK(f.bursts == 0);
    CHECK(f.grades == std::array<std::int64_t, 10>{});
    CHECK(f.norms.empty());
    CHECK(f.languages.empty());
    CHECK(f.hours == Hours{});
    CHECK(f.end_reasons.size() == 4);
    CHECK(f.trend.size() == 30);
    CHECK(busy_buckets(f).empty());
}

TEMPLATE_TEST_CASE("a kiosk's site is that of its latest rating and none before its first",
                   "[ledger][site-scores]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = with_data_set(backend);
    CHECK(ledger->kiosk_site("k-a") == std::optional<std::string>("Town hall"));
    CHECK(ledger->kiosk_site("k-c") == std::optional<std::string>("North office"));
    CHECK_FALSE(ledger->kiosk_site("k-unknown").has_value());
    // A kiosk moved: its later ratings name the new site.
    ledger->enrol("k-d", "key", 0);
    auto batch = sample_batch("b-d", "k-d", 1, 2);
    batch.ratings[1].site = "Harbour desk";
    batch.ratings[0].site = "Town hall";
    ledger->store_batch(batch, 0);
    CHECK(ledger->kiosk_site("k-d") == std::optional<std::string>("Harbour desk"));
}
