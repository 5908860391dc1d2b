// The kiosk's Ed25519 key: made once, readable by the kiosk user only, the same across restarts, never
// made over a key that is there; and the enrolment code IT gives the central store.
#include "kiosk_key.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

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
