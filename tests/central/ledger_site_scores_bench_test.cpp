// How long a site's figures take over a year of a busy site: 300 000 ratings of "Town hall" from 10
// kiosks, spread over the last 365 days, beside 300 000 of 30 other sites in the same table (a store
// serves many sites; the index ratings_by_site keeps their rows out of the reading). Each period is
// computed 5 times; the median is printed. Hidden by default: run with
//   ledger_tests "[.bench-site]"
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "ledger_test_backends.hpp"
#include "protocol/utc_text.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int site_ratings = 300'000;
constexpr int other_ratings = 300'000;
constexpr int kiosks = 10;
constexpr int batch_size = 1000;
constexpr std::int64_t now_ms = 1'796'043'600'000;  // 2026-11-30T13:00:00Z
constexpr std::int64_t year_ms = 365LL * 24 * 3600 * 1000;

template <class Backend>
std::unique_ptr<central::Ledger> busy_year(Backend& backend) {
    auto ledger = backend.open();
    ledger->migrate();
    const char* languages[] = {"nl", "en", "de", "pl", "tr", "ar"};
    const auto start = Clock::now();
    for (int k = 0; k < kiosks + 1; ++k) ledger->enrol("k-" + std::to_string(k), "key", 0);
    // Kiosk k-10 stands for the other sites: its ratings are spread over 30 site names.
    auto fill = [&](int kiosk, int count, bool other_sites) {
        const std::string id = "k-" + std::to_string(kiosk);
        for (int first = 0; first < count; first += batch_size) {
            central::IncomingBatch batch;
            batch.kiosk_id = id;
            batch.batch_id = id + "-" + std::to_string(first);
            batch.body = "{}";
            batch.body_digest = "sha-256=" + batch.batch_id;
            batch.first_seq = first + 1;
            batch.last_seq = first + batch_size;
            for (int i = first; i < first + batch_size; ++i) {
                central::IncomingRating r = sample_rating(i + 1);
                r.id = id + "-" + std::to_string(i);
                r.site = other_sites ? "Office " + std::to_string(i % 30) : "Town hall";
                r.counter = "Desk " + std::to_string(i % 4);
                r.language = languages[i % 6];
                r.grade = 1 + (i * 7) % 10;
                r.answers = {{"bsc" + std::to_string(1 + i % 7), i % 6}, {"waiting-time", (i * 3) % 6}};
                r.flags = i % 50 == 0 ? 1 : 0;
                r.finished = protocol::utc_ms_text(now_ms - year_ms + year_ms * i / count + kiosk * 997);
                r.started = r.finished;
                batch.ratings.push_back(std::move(r));
            }
            REQUIRE(ledger->store_batch(batch, 0).accepted == batch_size);
        }
    };
    for (int k = 0; k < kiosks; ++k) fill(k, site_ratings / kiosks, false);
    fill(kiosks, other_ratings, true);
    std::printf("%s: %d ratings of the site and %d of others stored in %.1f s\n",
                backend.backend_name().c_str(), site_ratings, other_ratings,
                std::chrono::duration<double>(Clock::now() - start).count());
    return ledger;
}

template <class Backend>
void time_periods(Backend& backend) {
    auto ledger = busy_year(backend);
    for (auto period : {central::SitePeriod::months_12, central::SitePeriod::days_30,
                        central::SitePeriod::days_7, central::SitePeriod::today}) {
        central::SiteScoresQuery query;
        query.site = "Town hall";
        query.period = period;
        query.time_zone = "Europe/Amsterdam";
        query.now_ms = now_ms;
        std::vector<double> ms;
        central::SiteFigures figures;
        for (int run = 0; run < 5; ++run) {
            const auto start = Clock::now();
            figures = ledger->site_scores(query);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%s: %s over %lld ratings: median %.0f ms (fastest %.0f, slowest %.0f)\n",
                    backend.backend_name().c_str(), std::string(central::site_period_text(period)).c_str(),
                    static_cast<long long>(figures.count), ms[2], ms[0], ms[4]);
        CHECK(figures.count > 0);
    }
}

}  // namespace

// Plain test cases, not a TEMPLATE_TEST_CASE: ctest's PostgreSQL tests are found by the name ending
// "PostgresqlBackend" (tests/central/CMakeLists.txt), hidden ones too, and this one must stay out.
TEST_CASE("bench: a site's figures over a year of a busy site, on SQLite", "[.bench-site]") {
    SqliteBackend backend;
    time_periods(backend);
}

TEST_CASE("bench: a site's figures over a year of a busy site, on PostgreSQL", "[.bench-site]") {
    PostgresqlBackend backend;
    time_periods(backend);
}
