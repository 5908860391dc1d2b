// Opening a ledger: which URLs are read how, what a failure says, and that no password is ever shown.
#include <catch2/catch.hpp>

#include "ledger_test_backends.hpp"

TEST_CASE("redacted hides the password of a database URL and nothing else", "[ledger]") {
    CHECK(central::redacted("postgresql://kiosk:s3cret@db.example:5432/central") ==
          "postgresql://kiosk:***@db.example:5432/central");
    CHECK(central::redacted("postgresql://kiosk@db.example/central?sslmode=require&password=s3cret&x=1") ==
          "postgresql://kiosk@db.example/central?sslmode=require&password=***&x=1");
    CHECK(central::redacted("postgresql://kiosk@db.example/central?password=s3cret") ==
          "postgresql://kiosk@db.example/central?password=***");
    CHECK(central::redacted("postgresql://kiosk@db.example/central") ==
          "postgresql://kiosk@db.example/central");
    CHECK(central::redacted("postgresql://db.example:5432/central") ==
          "postgresql://db.example:5432/central");
    CHECK(central::redacted("postgresql://kiosk@db.example:5432/central") ==
          "postgresql://kiosk@db.example:5432/central");
    CHECK(central::redacted("sqlite:/var/lib/kiosk-central/central.db") ==
          "sqlite:/var/lib/kiosk-central/central.db");
}

TEST_CASE("a URL of no known backend is refused as bad input", "[ledger]") {
    CHECK_THROWS_AS(central::open_ledger("mysql://kiosk@db/central"), std::invalid_argument);
    CHECK_THROWS_AS(central::open_ledger("sqlite:"), std::invalid_argument);
    CHECK_THROWS_AS(central::open_ledger("/var/lib/central.txt"), std::invalid_argument);
    CHECK_THROWS_AS(central::open_ledger("postgresql://kiosk@db/central?nonsense=1"), std::invalid_argument);
}

TEST_CASE("a bare path ending in .db opens a SQLite ledger", "[ledger]") {
    TempDir dir;
    auto ledger = central::open_ledger(dir.file("central.db"));
    CHECK(ledger->backend() == "sqlite");
    CHECK(ledger->migrate() > 0);
}

TEST_CASE("a SQLite file that cannot be opened is unavailable with its path named", "[ledger]") {
    TempDir dir;
    const std::string url = "sqlite:" + dir.file("missing-folder/central.db");
    try {
        central::open_ledger(url);
        FAIL("opened a database in a folder that does not exist");
    } catch (const central::LedgerUnavailable& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains(url));
    }
}

TEST_CASE("an unreachable PostgreSQL is unavailable with the database named and no password", "[ledger]") {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    for (const std::string url : {"postgresql://kiosk:s3cret-word@127.0.0.1:1/central",
                                  "postgresql://kiosk@127.0.0.1:1/central?password=s3cret-word"}) {
        try {
            central::open_ledger(url);
            FAIL("opened an unreachable database");
        } catch (const central::LedgerUnavailable& e) {
            const std::string message = e.what();
            CHECK_THAT(message, Catch::Contains(central::redacted(url)));
            CHECK_THAT(message, Catch::Contains("127.0.0.1"));
            CHECK_THAT(message, Catch::Contains("refused"));
            CHECK_THAT(message, !Catch::Contains("s3cret"));
        }
    }
}

TEST_CASE("a PostgreSQL ledger reconnects when the server dropped its connections", "[ledger][postgresql]") {
    PostgresqlBackend backend;
    auto ledger = backend.open(2);
    ledger->migrate();
    CHECK(ledger->enrol("kiosk-7", "key", 0));
    // What a server restart or a proxy's idle timeout does to the pooled connections.
    backend.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    CHECK(ledger->kiosk("kiosk-7").has_value());
    CHECK(ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 3), sample_now_ms).accepted == 3);
}

TEST_CASE("a PostgreSQL ledger fails with LedgerUnavailable once its server is gone",
          "[ledger][postgresql]") {
    PostgresqlBackend backend;
    auto ledger = backend.open(2);
    ledger->migrate();
    // No new connection is let in, and the open ones are cut.
    const std::string database = backend.url.substr(backend.url.rfind('/') + 1);
    pg_query(pg_cluster().url(), "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
    pg_query(pg_cluster().url(),
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE datname = '" +
                 database + "'");
    try {
        ledger->ping();
        FAIL("pinged a database that lets no one in");
    } catch (const central::LedgerUnavailable& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains(backend.url));
        CHECK_THAT(std::string(e.what()), Catch::Contains("not currently accepting connections"));
    }
}

TEST_CASE("an export stopped by its reader drops its connection instead of reading on",
          "[ledger][postgresql]") {
    PostgresqlBackend backend;
    auto ledger = backend.open(1);  // one connection: the next call gets the same one unless it was dropped
    ledger->migrate();
    ledger->enrol("kiosk-7", "key", 0);
    ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 50), sample_now_ms);
    const std::string server_pid =
        "SELECT string_agg(pid::text, ',') FROM pg_stat_activity "
        "WHERE application_name = 'kiosk-central' AND datname = current_database()";  // the cluster is shared
    const std::string before = backend.query(server_pid);
    REQUIRE(!before.empty());
    struct ClientGone {};
    CHECK_THROWS_AS(ledger->export_ratings({}, [](const central::StoredRating&) { throw ClientGone{}; }),
                    ClientGone);
    // A stopped export of a million rows must not be read to its end before the next request.
    CHECK(ledger->kiosk("kiosk-7").has_value());
    const std::string after = backend.query(server_pid);
    CHECK(!after.empty());
    CHECK(after != before);
    int rows = 0;
    ledger->export_ratings({}, [&](const central::StoredRating&) { ++rows; });
    CHECK(rows == 50);
}
