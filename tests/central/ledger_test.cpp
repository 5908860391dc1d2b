// The ledger's promises (central/ledger/ledger.hpp), each run on SQLite and on PostgreSQL.
#include <catch2/catch.hpp>
#include <set>

#include "ledger_test_backends.hpp"
#include "schema_steps.hpp"

using central::BatchOutcome;

namespace {

std::vector<central::StoredRating> exported(central::Ledger& ledger,
                                            const central::ExportFilter& filter = {}) {
    std::vector<central::StoredRating> rows;
    ledger.export_ratings(filter, [&](const central::StoredRating& row) { rows.push_back(row); });
    return rows;
}

template <class Backend>
std::unique_ptr<central::Ledger> migrated(Backend& backend) {
    auto ledger = backend.open();
    ledger->migrate();
    return ledger;
}

}  // namespace

TEMPLATE_TEST_CASE("migrating twice changes nothing and records each step once", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = backend.open();
    const int version = ledger->migrate();
    CHECK(version == central::known_schema_version());
    CHECK(ledger->migrate() == version);
    CHECK(backend.open()->migrate() == version);  // a second instance, as at `serve`
    CHECK(backend.query("SELECT count(*) FROM schema_migrations") == std::to_string(version));
    CHECK(ledger->enrol("kiosk-7", "key", sample_now_ms));
}

TEMPLATE_TEST_CASE("a database whose schema is newer than the program knows is refused", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    migrated(backend);
    const int newer = central::known_schema_version() + 1;
    backend.execute("INSERT INTO schema_migrations(version, applied_ms) VALUES (" + std::to_string(newer) +
                    ", 0)");
    auto ledger = backend.open();
    try {
        ledger->migrate();
        FAIL("migrate() ran on a newer schema");
    } catch (const central::SchemaTooNew& e) {
        const std::string message = e.what();
        CHECK_THAT(message, Catch::Contains("version " + std::to_string(newer)));
        CHECK_THAT(message, Catch::Contains("newer than this kiosk-central knows"));
    }
}

TEMPLATE_TEST_CASE("enrolment never replaces a key and a revocation keeps its first time", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    CHECK_FALSE(ledger->kiosk("kiosk-7").has_value());
    CHECK(ledger->enrol("kiosk-7", "first-key", 1000));
    CHECK_FALSE(ledger->enrol("kiosk-7", "second-key", 2000));
    auto kiosk = ledger->kiosk("kiosk-7");
    REQUIRE(kiosk.has_value());
    CHECK(kiosk->public_key == "first-key");
    CHECK(kiosk->enrolled_ms == 1000);
    CHECK_FALSE(kiosk->revoked_ms.has_value());

    CHECK(ledger->revoke("kiosk-7", 3000));
    CHECK(ledger->revoke("kiosk-7", 4000));
    CHECK(ledger->kiosk("kiosk-7")->revoked_ms == std::optional<std::int64_t>(3000));
    CHECK_FALSE(ledger->revoke("kiosk-unknown", 3000));
}

TEMPLATE_TEST_CASE("a new batch is stored with its counts and its ratings read back whole", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    auto batch = sample_batch("b-1", "kiosk-7", 1, 3);
    batch.ratings[1].service.reset();
    batch.ratings[1].grade.reset();
    batch.ratings[1].answers = {};
    batch.ratings[2].clock_synchronised = false;
    batch.ratings[2].flags = 1;

    const auto outcome = ledger->store_batch(batch, sample_now_ms);
    CHECK(outcome.kind == BatchOutcome::Kind::stored);
    CHECK(outcome.accepted == 3);
    CHECK(outcome.already_present == 0);
    CHECK(outcome.received_ms == sample_now_ms);
    CHECK(backend.query("SELECT accepted || '/' || already_present FROM batches WHERE id = 'b-1'") == "3/0");

    const auto rows = exported(*ledger);
    REQUIRE(rows.size() == 3);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& got = rows[i].rating;
        const auto& sent = batch.ratings[i];
        CHECK(rows[i].kiosk_id == "kiosk-7");
        CHECK(rows[i].received_ms == sample_now_ms);
        CHECK(got.id == sent.id);
        CHECK(got.seq == sent.seq);
        CHECK(got.reference == sent.reference);
        CHECK(got.site == sent.site);
        CHECK(got.counter == sent.counter);
        CHECK(got.service == sent.service);
        CHECK(got.language == sent.language);
        CHECK(got.norms_asked == sent.norms_asked);
        CHECK(got.answers == sent.answers);
        CHECK(got.grade == sent.grade);
        CHECK(got.started == sent.started);
        CHECK(got.finished == sent.finished);
        CHECK(got.clock_synchronised == sent.clock_synchronised);
        CHECK(got.end_reason == sent.end_reason);
        CHECK(got.flags == sent.flags);
        CHECK(got.program_version == sent.program_version);
        CHECK(got.config_digest == sent.config_digest);
    }
}

TEMPLATE_TEST_CASE("a retry with the same digest answers the first counts and duplicates nothing", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    ledger->store_batch(sample_batch("b-0", "kiosk-7", 1, 1), sample_now_ms);
    const auto batch = sample_batch("b-1", "kiosk-7", 1, 3);  // its first rating was already held
    const auto first = ledger->store_batch(batch, sample_now_ms);
    REQUIRE(first.kind == BatchOutcome::Kind::stored);

    const auto retry = ledger->store_batch(batch, sample_now_ms + 60'000);
    CHECK(retry.kind == BatchOutcome::Kind::retry);
    CHECK(retry.accepted == 2);
    CHECK(retry.already_present == 1);
    CHECK(retry.received_ms == sample_now_ms);
    CHECK(backend.query("SELECT count(*) FROM ratings") == "3");
    CHECK(backend.query("SELECT count(*) FROM batches") == "2");
}

TEMPLATE_TEST_CASE("another body under a known batch id is a conflict kept aside and the first left alone",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    const auto batch = sample_batch("b-1", "kiosk-7", 1, 3);
    ledger->store_batch(batch, sample_now_ms);

    const auto other = sample_batch("b-1", "kiosk-7", 4, 6, "other");
    const auto outcome = ledger->store_batch(other, sample_now_ms + 1000);
    CHECK(outcome.kind == BatchOutcome::Kind::conflict);
    CHECK(outcome.received_ms == sample_now_ms);
    CHECK(ledger->store_batch(other, sample_now_ms + 2000).kind == BatchOutcome::Kind::conflict);

    CHECK(backend.query("SELECT count(*) FROM ratings") == "3");
    CHECK(backend.query("SELECT max(seq) FROM ratings") == "3");
    CHECK(backend.query("SELECT body_digest FROM batches WHERE id = 'b-1'") == batch.body_digest);
    CHECK(backend.query("SELECT accepted FROM batches WHERE id = 'b-1'") == "3");
    CHECK(backend.query("SELECT count(*) FROM batch_conflicts") == "1");
    CHECK(backend.query("SELECT body_digest FROM batch_conflicts WHERE batch_id = 'b-1'") ==
          other.body_digest);
    const auto fleet = ledger->fleet();
    REQUIRE(fleet.size() == 1);
    CHECK(fleet[0].conflicting_batches == 1);
    // The same id and digest as the first is still a plain retry.
    CHECK(ledger->store_batch(batch, sample_now_ms + 3000).kind == BatchOutcome::Kind::retry);
}

TEMPLATE_TEST_CASE("the conflicting body is kept byte for byte", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 3), sample_now_ms);
    auto other = sample_batch("b-1", "kiosk-7", 1, 3, "other");
    other.body = "{\"kept\": \"for IT\"}";
    REQUIRE(ledger->store_batch(other, sample_now_ms).kind == BatchOutcome::Kind::conflict);
    const std::string as_text =
        backend.backend_name() == "sqlite" ? "CAST(body AS TEXT)" : "convert_from(body, 'UTF8')";
    CHECK(backend.query("SELECT " + as_text + " FROM batch_conflicts") == other.body);
}

TEMPLATE_TEST_CASE("a batch overlapping an earlier one counts the overlap as already present", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    ledger->enrol("kiosk-8", "key", 0);
    ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 3), sample_now_ms);
    const auto outcome = ledger->store_batch(sample_batch("b-2", "kiosk-7", 2, 5), sample_now_ms);
    CHECK(outcome.kind == BatchOutcome::Kind::stored);
    CHECK(outcome.accepted == 2);
    CHECK(outcome.already_present == 2);
    // The same rating ids from another kiosk are other ratings.
    const auto elsewhere = ledger->store_batch(sample_batch("b-3", "kiosk-8", 1, 3), sample_now_ms);
    CHECK(elsewhere.accepted == 3);
    CHECK(elsewhere.already_present == 0);
    CHECK(backend.query("SELECT count(*) FROM ratings") == "8");
}

TEMPLATE_TEST_CASE("a rating repeated inside one batch is stored once", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    auto batch = sample_batch("b-1", "kiosk-7", 1, 2);
    batch.ratings.push_back(batch.ratings[0]);
    const auto outcome = ledger->store_batch(batch, sample_now_ms);
    CHECK(outcome.accepted == 2);
    CHECK(outcome.already_present == 1);
    CHECK(backend.query("SELECT count(*) FROM ratings") == "2");
}

TEMPLATE_TEST_CASE("a batch of a kiosk that is not enrolled is refused as bad input and leaves nothing",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    CHECK_THROWS_AS(ledger->store_batch(sample_batch("b-1", "kiosk-9", 1, 3), sample_now_ms),
                    std::invalid_argument);
    CHECK(backend.query("SELECT count(*) FROM batches") == "0");
    CHECK(backend.query("SELECT count(*) FROM ratings") == "0");
}

TEMPLATE_TEST_CASE("the fleet shows each kiosk with its seq gaps and when it was last seen", "[ledger]",
                   SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key7", 100);
    ledger->enrol("kiosk-8", "key8", 200);
    ledger->enrol("kiosk-9", "key9", 300);
    ledger->revoke("kiosk-9", 400);
    ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 3), 1000);
    ledger->store_batch(sample_batch("b-2", "kiosk-7", 6, 7), 2000);
    ledger->store_batch(sample_batch("b-3", "kiosk-7", 10, 10), 3000);
    ledger->store_batch(sample_batch("b-4", "kiosk-8", 3, 4), 1500);
    ledger->store_heartbeat("kiosk-8", R"({"pending_ratings": 12})", 4000, 5000);

    const auto fleet = ledger->fleet();
    REQUIRE(fleet.size() == 3);
    const auto& k7 = fleet[0];
    CHECK(k7.kiosk_id == "kiosk-7");
    CHECK(k7.enrolled_ms == 100);
    CHECK(k7.ratings_held == 6);
    CHECK(k7.max_seq_held == std::optional<std::int64_t>(10));
    using Gaps = std::vector<std::pair<std::int64_t, std::int64_t>>;
    CHECK(k7.seq_gaps == Gaps{{4, 5}, {8, 9}});
    CHECK(k7.last_seen_ms == std::optional<std::int64_t>(3000));
    CHECK_FALSE(k7.last_heartbeat.has_value());

    const auto& k8 = fleet[1];
    CHECK(k8.seq_gaps == Gaps{{1, 2}});  // seq numbers start at 1
    CHECK(k8.last_seen_ms == std::optional<std::int64_t>(5000));
    CHECK(k8.last_heartbeat == std::optional<std::string>(R"({"pending_ratings": 12})"));

    const auto& k9 = fleet[2];
    CHECK(k9.revoked_ms == std::optional<std::int64_t>(400));
    CHECK(k9.ratings_held == 0);
    CHECK_FALSE(k9.max_seq_held.has_value());
    CHECK(k9.seq_gaps.empty());
    CHECK_FALSE(k9.last_seen_ms.has_value());

    // Filling a gap removes it; a later heartbeat replaces the earlier one.
    ledger->store_batch(sample_batch("b-5", "kiosk-7", 4, 5), 6000);
    ledger->store_heartbeat("kiosk-8", R"({"pending_ratings": 0})", 6000, 7000);
    const auto later = ledger->fleet();
    CHECK(later[0].seq_gaps == Gaps{{8, 9}});
    CHECK(later[0].last_seen_ms == std::optional<std::int64_t>(6000));
    CHECK(later[1].last_heartbeat == std::optional<std::string>(R"({"pending_ratings": 0})"));
}

TEMPLATE_TEST_CASE("a heartbeat signed before the one kept is not kept: a replay rolls nothing back",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-8", "key8", 100);
    const std::string older = R"({"pending_ratings": 12})", newer = R"({"pending_ratings": 0})";
    CHECK(ledger->store_heartbeat("kiosk-8", older, 60'000, 61'000));
    CHECK(ledger->store_heartbeat("kiosk-8", newer, 120'000, 121'000));

    // The older one captured and sent again within the skew window, later by the store's clock; and the
    // newer one again (signed at the same time as the one kept): neither changes what the fleet shows.
    CHECK_FALSE(ledger->store_heartbeat("kiosk-8", older, 60'000, 200'000));
    auto fleet = ledger->fleet();
    REQUIRE(fleet.size() == 1);
    CHECK(fleet[0].last_heartbeat == std::optional<std::string>(newer));
    CHECK(fleet[0].last_seen_ms == std::optional<std::int64_t>(121'000));
    CHECK_FALSE(ledger->store_heartbeat("kiosk-8", newer, 120'000, 210'000));
    CHECK(ledger->fleet()[0].last_seen_ms == std::optional<std::int64_t>(121'000));
    CHECK(backend.query("SELECT signed_ms FROM heartbeats WHERE kiosk_id = 'kiosk-8'") == "120000");

    // A heartbeat kept before signed_ms existed (NULL) is replaced by any.
    backend.execute("UPDATE heartbeats SET signed_ms = NULL");
    CHECK(ledger->store_heartbeat("kiosk-8", older, 60'000, 220'000));
    CHECK(ledger->fleet()[0].last_heartbeat == std::optional<std::string>(older));
}

TEMPLATE_TEST_CASE("a ledger with room to write says so", "[ledger]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    CHECK_NOTHROW(ledger->check_writable());
}

TEST_CASE("a PostgreSQL database that answers but is read-only cannot write", "[ledger][postgresql]") {
    PostgresqlBackend backend;
    migrated(backend);
    const std::string database = backend.query("SELECT current_database()");
    backend.execute("ALTER DATABASE \"" + database + "\" SET default_transaction_read_only = on");
    auto ledger = backend.open();  // its connections start read-only, as on a demoted primary
    CHECK_NOTHROW(ledger->ping());
    CHECK_THROWS_AS(ledger->check_writable(), central::LedgerUnavailable);
}

TEMPLATE_TEST_CASE("the export keeps only the ratings that pass each filter", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    ledger->enrol("kiosk-7", "key", 0);
    ledger->enrol("kiosk-8", "key", 0);
    auto batch = sample_batch("b-1", "kiosk-7", 1, 4);
    batch.ratings[1].site = "Library";
    batch.ratings[2].counter = "Desk 5";
    batch.ratings[3].service.reset();
    batch.ratings[0].finished = "2026-11-29T23:59:59.999Z";
    batch.ratings[1].finished = "2026-11-30T00:00:00.000Z";
    batch.ratings[2].finished = "2026-12-01T00:30:00+01:00";  // 2026-11-30T23:30Z
    batch.ratings[3].finished = "2026-12-01T00:00:00.000Z";
    ledger->store_batch(batch, sample_now_ms);
    ledger->store_batch(sample_batch("b-2", "kiosk-8", 1, 1), sample_now_ms);  // finished 2026-11-30

    const auto ids = [&](const central::ExportFilter& filter) {
        std::vector<std::string> result;
        for (const auto& row : exported(*ledger, filter))
            result.push_back(row.kiosk_id + "/" + row.rating.id);
        return result;
    };
    using Ids = std::vector<std::string>;
    const auto filter = [](auto set) {
        central::ExportFilter f;
        set(f);
        return f;
    };
    CHECK(ids({}) == Ids{"kiosk-7/r-1", "kiosk-7/r-2", "kiosk-7/r-3", "kiosk-7/r-4", "kiosk-8/r-1"});
    CHECK(ids(filter([](auto& f) { f.site = "Library"; })) == Ids{"kiosk-7/r-2"});
    CHECK(ids(filter([](auto& f) { f.counter = "Desk 5"; })) == Ids{"kiosk-7/r-3"});
    CHECK(ids(filter([](auto& f) { f.service = "moving"; })) ==
          Ids{"kiosk-7/r-1", "kiosk-7/r-2", "kiosk-7/r-3", "kiosk-8/r-1"});
    CHECK(ids(filter([](auto& f) { f.from = "2026-11-30"; })) ==
          Ids{"kiosk-7/r-2", "kiosk-7/r-3", "kiosk-7/r-4", "kiosk-8/r-1"});
    CHECK(ids(filter([](auto& f) { f.to = "2026-11-30"; })) == Ids{"kiosk-7/r-1"});
    CHECK(ids(filter([](auto& f) {
              f.from = "2026-11-30";
              f.to = "2026-12-01";
          })) == Ids{"kiosk-7/r-2", "kiosk-7/r-3", "kiosk-8/r-1"});
    CHECK(ids(filter([](auto& f) {
              f.site = "Town hall";
              f.from = "2026-11-30";
              f.to = "2026-12-01";
          })) == Ids{"kiosk-7/r-3", "kiosk-8/r-1"});
    CHECK_THROWS_AS(ids(filter([](auto& f) { f.from = "30-11-2026"; })), std::invalid_argument);
    CHECK_THROWS_AS(ids(filter([](auto& f) { f.to = "2026-02-30"; })), std::invalid_argument);
}

TEMPLATE_TEST_CASE("admin tokens are known by their hash only", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = migrated(backend);
    CHECK_FALSE(ledger->admin_token_known("sha-256=abc"));
    ledger->add_admin_token("sha-256=abc", "IT desk", 1000);
    CHECK(ledger->admin_token_known("sha-256=abc"));
    CHECK_FALSE(ledger->admin_token_known("sha-256=abd"));
    CHECK(backend.query("SELECT label FROM admin_tokens WHERE token_hash = 'sha-256=abc'") == "IT desk");
}
