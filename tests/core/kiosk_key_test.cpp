// The kiosk's Ed25519 key: made once, readable by the kiosk user only, the same across restarts, never
// made over a key that is there, not even by a second start at the same moment; and the enrolment code
// IT gives the central store.
#include "kiosk_key.hpp"

#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "temp_dir.hpp"

using namespace kiosk;

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool verifies(const std::string& public_text, std::string_view message,
              const std::array<unsigned char, KioskKey::signature_bytes>& signature) {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    std::size_t length = 0;
    if (sodium_base642bin(public_key, sizeof public_key, public_text.data(), public_text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length != sizeof public_key)
        return false;
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       public_key) == 0;
}

}  // namespace

TEST_CASE("the key is made at the first start, mode 0600, and is the same key at the next") {
    TempDir dir;
    std::string path = key_path_for(dir.file("state/kiosk.db"));
    CHECK(path == dir.file("state/kiosk.key"));
    std::string first = KioskKey::load_or_create(path).public_key_text();
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(first.size() == 43);
    CHECK(KioskKey::load_or_create(path).public_key_text() == first);
    CHECK_FALSE(std::filesystem::exists(path + ".new"));
}

TEST_CASE("what the key signs verifies with its public half, and nothing else does") {
    TempDir dir;
    KioskKey key = KioskKey::load_or_create(dir.file("kiosk.key"));
    auto signature = key.sign("charter-kiosk-request-v1\nPOST /v1/batches\n");
    CHECK(verifies(key.public_key_text(), "charter-kiosk-request-v1\nPOST /v1/batches\n", signature));
    CHECK_FALSE(
        verifies(key.public_key_text(), "charter-kiosk-request-v1\nPOST /v1/heartbeats\n", signature));
    KioskKey other = KioskKey::load_or_create(dir.file("other.key"));
    CHECK(other.public_key_text() != key.public_key_text());
    CHECK_FALSE(verifies(other.public_key_text(), "charter-kiosk-request-v1\nPOST /v1/batches\n", signature));
}

TEST_CASE("a damaged key file is refused with its name, and left as it was") {
    TempDir dir;
    std::string path = dir.file("kiosk.key");
    KioskKey::load_or_create(path);
    for (std::string damage :
         {std::string("charter-kiosk-ed25519-seed-v1\nnot base64!\n"), std::string("hello\n"),
          std::string("charter-kiosk-ed25519-seed-v1\nAAAA\n"), std::string()}) {
        { std::ofstream(path, std::ios::binary | std::ios::trunc) << damage; }
        ::chmod(path.c_str(), 0600);
        INFO("file holds '" << damage << "'");
        CHECK_THROWS_WITH(KioskKey::load_or_create(path),
                          Catch::Contains(path) && Catch::Contains("damaged"));
        CHECK(read_all(path) == damage);  // never a new key over an enrolled one
    }
}

TEST_CASE("a key others can read is refused, and not chmod-ed behind IT's back") {
    TempDir dir;
    std::string path = dir.file("kiosk.key");
    KioskKey::load_or_create(path);
    ::chmod(path.c_str(), 0644);
    CHECK_THROWS_AS(KioskKey::load_or_create(path), KeyRefused);
    CHECK_THROWS_WITH(KioskKey::load_or_create(path), Catch::Contains("can be read by other users"));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("the enrolment code names the kiosk and its public key") {
    TempDir dir;
    KioskKey key = KioskKey::load_or_create(dir.file("kiosk.key"));
    CHECK(enrolment_code("kiosk-7", key) == "CK1.kiosk-7." + key.public_key_text());
}

// `starts` processes released at the same moment, each loading (or making) the key at `path` as a kiosk
// starting does; one line per process: its public key, or "error: …".
std::vector<std::string> start_at_once(const std::string& path, int starts) {
    int go[2], results[2];
    REQUIRE(::pipe(go) == 0);
    REQUIRE(::pipe(results) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < starts; ++i) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(go[1]);
            ::close(results[0]);
            char byte;
            while (::read(go[0], &byte, 1) > 0) {
            }  // end of file: the parent let every start go at once
            std::string line;
            try {
                line = KioskKey::load_or_create(path).public_key_text() + "\n";
            } catch (const std::exception& e) {
                line = std::string("error: ") + e.what() + "\n";
            }
            // One write, shorter than PIPE_BUF: the lines of the starts never interleave.
            ssize_t written = ::write(results[1], line.data(), line.size());
            ::_exit(written == static_cast<ssize_t>(line.size()) ? 0 : 1);
        }
        children.push_back(pid);
    }
    ::close(go[0]);
    ::close(results[1]);
    ::close(go[1]);  // every start goes
    std::string all;
    char buffer[1024];
    for (ssize_t n; (n = ::read(results[0], buffer, sizeof buffer)) > 0;) all.append(buffer, n);
    ::close(results[0]);
    for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
    std::vector<std::string> lines;
    std::istringstream in(all);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST_CASE("starts that meet a missing key at once end with one key, which every one of them holds") {
    // Each round a fresh folder: the first starts of several kiosk processes (the kiosk, `kiosk
    // enrolment-code`, `kiosk sync-now`) racing to make the key. With rename() instead of link() the
    // last one's key would replace the others', and an enrolment code printed meanwhile would name a
    // key that no longer exists.
    for (int round = 0; round < 20; ++round) {
        TempDir dir;
        std::string path = key_path_for(dir.file("state/kiosk.db"));
        std::vector<std::string> held = start_at_once(path, 6);
        std::string on_disk = KioskKey::load_or_create(path).public_key_text();
        INFO("round " << round);
        REQUIRE(held.size() == 6);
        for (const std::string& key : held) CHECK(key == on_disk);
        // Nothing left beside the key: each start's own file went once linked or refused.
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir.file("state")))
            names.push_back(entry.path().filename().string());
        CHECK(names == std::vector<std::string>{"kiosk.key"});
    }
}
