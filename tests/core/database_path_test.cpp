// The database path: the kiosk never renames, changes or chmods a file it did not make. Whatever else
// stands at kiosk.database is refused with a message, and left byte for byte and mode for mode as it was.
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "rating_store.hpp"
#include "skip.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2"};

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode;
}

// Opens a store on `path` and expects a refusal that names the path, with the file untouched and
// nothing created beside it.
void expect_refused_and_untouched(const std::string& path, const std::string& reason_words) {
    std::string before = bytes_of(path);
    unsigned mode_before = mode_of(path);
    auto folder_before =
        std::distance(std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()), {});
    try {
        RatingStore store(path, identity, {}, t0);
        FAIL("the kiosk opened " << path);
    } catch (const DatabaseRefused& e) {
        std::string what = e.what();
        INFO(what);
        CHECK(what.find(path) != std::string::npos);
        CHECK(what.find(reason_words) != std::string::npos);
    }
    CHECK(bytes_of(path) == before);
    CHECK(mode_of(path) == mode_before);
    auto folder_after =
        std::distance(std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()), {});
    CHECK(folder_after == folder_before);  // no -wal, -shm, .corrupt-… or reserve file beside it
}

}  // namespace

TEST_CASE("a file that is not SQLite at the database path is refused and left as it was") {
    TempDir dir;
    std::string path = dir.file("k.db");
    std::ofstream(path, std::ios::binary) << std::string(8192, '\x5a');
    ::chmod(path.c_str(), 0644);
    expect_refused_and_untouched(path, "not a charter kiosk database");
}

TEST_CASE("the kiosk's own configuration file named as its database is refused and left as it was") {
    TempDir dir;
    std::string path = dir.file("kiosk.toml");
    std::filesystem::copy_file(test_source_dir() + "/firmware-config/kiosk.toml", path);
    ::chmod(path.c_str(), 0640);
    expect_refused_and_untouched(path, "not a charter kiosk database");
}

TEST_CASE("another application's SQLite database is refused, not given the kiosk's tables or WAL") {
    TempDir dir;
    std::string path = dir.file("notes.db");
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('keep "
            "me')");
    }
    ::chmod(path.c_str(), 0664);
    expect_refused_and_untouched(path, "another application");
}

TEST_CASE("a database that claims the kiosk's schema version but not its mark is refused") {
    TempDir dir;
    std::string path = dir.file("k.db");
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE other(x); PRAGMA user_version = 1");
    }
    expect_refused_and_untouched(path, "another application");
}

// SQLite takes an empty file for a new database: the kiosk takes one over only when it could have
// made it itself (its own user's, mode 0600), and refuses any other as it refuses a foreign file.
TEST_CASE("an empty file other users may read at the database path is refused and left as it was") {
    TempDir dir;
    std::string path = dir.file("k.db");
    std::ofstream(path, std::ios::binary).close();
    ::chmod(path.c_str(), 0644);
    expect_refused_and_untouched(path, "an empty file the kiosk did not make");
}

TEST_CASE("an empty file of another user at the database path is refused, even with mode 0600") {
    SKIP_UNLESS_ROOT("only root gives a file to another user");
    TempDir dir;
    std::string path = dir.file("k.db");
    std::ofstream(path, std::ios::binary).close();
    ::chmod(path.c_str(), 0600);
    REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);  // nobody's
    expect_refused_and_untouched(path, "an empty file the kiosk did not make");
}

TEST_CASE("an empty file of the kiosk user's own with mode 0600 is taken as a new database") {
    TempDir dir;
    std::string path = dir.file("k.db");
    std::ofstream(path, std::ios::binary).close();
    ::chmod(path.c_str(), 0600);
    { RatingStore store(path, identity, {}, t0); }
    RatingStore store(path, identity, {}, t0);
    CHECK(store.query_text("PRAGMA application_id") == std::to_string(RatingStore::application_id));
}

TEST_CASE("a device node at the database path is refused and keeps its mode") {
    SKIP_UNLESS_ROOT("only root makes a device node");
    TempDir dir;
    std::string path = dir.file("k.db");
    REQUIRE(::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);  // like /dev/null
    ::chmod(path.c_str(), 0666);
    expect_refused_and_untouched(path, "not a regular file");
}

TEST_CASE("a directory at the database path is refused") {
    TempDir dir;
    std::string path = dir.file("k.db");
    std::filesystem::create_directories(path);
    try {
        RatingStore store(path, identity, {}, t0);
        FAIL("opened a directory");
    } catch (const DatabaseRefused& e) {
        CHECK(std::string(e.what()).find("not a regular file") != std::string::npos);
    }
    CHECK(std::filesystem::is_directory(path));
}

TEST_CASE("a database the kiosk made is marked as its own and opened again") {
    TempDir dir;
    std::string path = dir.file("k.db");
    { RatingStore store(path, identity, {}, t0); }
    RatingStore store(path, identity, {}, t0);
    CHECK(store.query_text("PRAGMA application_id") == std::to_string(RatingStore::application_id));
    CHECK((mode_of(path) & 0777) == 0600);
}
