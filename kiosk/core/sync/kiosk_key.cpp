#include "kiosk_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiosk {
namespace {

constexpr std::string_view file_header = "charter-kiosk-ed25519-seed-v1\n";

std::string base64url(const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
}

void write_whole(const std::string& path, const std::string& text) {
    std::string making = path + ".new";
    ::unlink(making.c_str());  // an earlier attempt, cut off: never enrolled, since it never was in place
    int fd = ::open(making.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    int error = errno;
    if (fd >= 0) ::close(fd);
    if (!ok || ::rename(making.c_str(), path.c_str()) != 0) {
        if (ok) error = errno;
        ::unlink(making.c_str());
        throw std::runtime_error("Unable to write the kiosk's key " + path + ": " + std::strerror(error));
    }
    std::string folder = std::filesystem::path(path).parent_path().string();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // the rename survives a power cut
        ::close(dir);
    }
}

}  // namespace

std::string key_path_for(const std::string& database_path) {
    return (std::filesystem::path(database_path).parent_path() / "kiosk.key").string();
}

KioskKey KioskKey::load_or_create(const std::string& path) {
    start_sodium();
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT)
            throw KeyRefused("Unable to read the kiosk's key " + path + ": " + std::strerror(errno));
        std::error_code ec;
        std::filesystem::path folder = std::filesystem::path(path).parent_path();
        if (!folder.empty()) std::filesystem::create_directories(folder, ec);  // before the first start
        randombytes_buf(seed.data(), seed.size());
        write_whole(path, std::string(file_header) + base64url(seed.data(), seed.size()) + "\n");
    } else {
        if (!S_ISREG(st.st_mode)) throw KeyRefused("the kiosk's key " + path + " is not a regular file");
        if (st.st_uid != ::geteuid())
            throw KeyRefused("the kiosk's key " + path + " belongs to another user (uid " +
                             std::to_string(st.st_uid) + ")");
        if (st.st_mode & 077)
            throw KeyRefused("the kiosk's key " + path +
                             " can be read by other users of this machine; run 'chmod 600 " + path +
                             "' if it has not left the kiosk, else make a new one and enrol the kiosk again");
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        std::string content = text.str();
        std::size_t decoded = 0;
        bool well_formed = content.size() > file_header.size() &&
                           content.compare(0, file_header.size(), file_header) == 0 && content.back() == '\n';
        std::string encoded =
            well_formed ? content.substr(file_header.size(), content.size() - file_header.size() - 1) : "";
        if (!well_formed ||
            sodium_base642bin(seed.data(), seed.size(), encoded.data(), encoded.size(), nullptr, &decoded,
                              nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
            decoded != seed.size())
            throw KeyRefused(
                "the kiosk's key " + path +
                " is damaged (not a kiosk key file); it was left as it is. Restore it from a backup, "
                "or move it away and enrol the kiosk again with its new key");
    }
    KioskKey key;
    crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
    return key;
}

KioskKey::KioskKey(const KioskKey& other) : public_(other.public_), secret_(other.secret_) {}

KioskKey::~KioskKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string KioskKey::public_key_text() const { return base64url(public_.data(), public_.size()); }

std::array<unsigned char, KioskKey::signature_bytes> KioskKey::sign(std::string_view text) const {
    std::array<unsigned char, signature_bytes> signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                         text.size(), secret_.data());
    return signature;
}

std::string enrolment_code(const std::string& kiosk_id, const KioskKey& key) {
    return "CK1." + kiosk_id + "." + key.public_key_text();
}

}  // namespace kiosk
