#include "store_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "wire_text.hpp"

namespace central {
namespace {

constexpr std::string_view file_header = "charter-central-ed25519-seed-v1\n";

void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
}

void write_whole(const std::string& path, const std::string& text) {
    std::string making = path + ".new";
    ::unlink(making.c_str());  // an earlier attempt, cut off: never used, since it never was in place
    int fd = ::open(making.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    int error = errno;
    if (fd >= 0) ::close(fd);
    // link() instead of rename(): it fails when another `init` put a key there meanwhile.
    if (!ok || ::link(making.c_str(), path.c_str()) != 0) {
        if (ok) error = errno;
        ::unlink(making.c_str());
        throw StoreKeyRefused("Unable to write the store's key " + path + ": " + std::strerror(error));
    }
    ::unlink(making.c_str());
    std::string folder = std::filesystem::path(path).parent_path().string();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // the new name survives a power cut
        ::close(dir);
    }
}

std::array<unsigned char, 32> read_seed(const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode)) throw StoreKeyRefused("the store's key " + path + " is not a regular file");
    if (st.st_uid != ::geteuid())
        throw StoreKeyRefused("the store's key " + path + " belongs to another user (uid " +
                              std::to_string(st.st_uid) + ") than the one running kiosk-central");
    if (st.st_mode & 077)
        throw StoreKeyRefused("the store's key " + path +
                              " can be read by other users of this machine; run 'chmod 600 " + path +
                              "' if nobody else has read it, else make a new key and give every kiosk "
                              "its public half");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw StoreKeyRefused("Unable to read the store's key " + path + ": " + std::strerror(errno));
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    bool well_formed = content.size() > file_header.size() &&
                       content.compare(0, file_header.size(), file_header) == 0 && content.back() == '\n';
    std::optional<std::string> seed;
    if (well_formed)
        seed = decode_base64url(
            std::string_view(content).substr(file_header.size(), content.size() - file_header.size() - 1),
            32);
    if (!seed)
        throw StoreKeyRefused("the store's key " + path +
                              " is damaged (not a kiosk-central key file: its first line must be '" +
                              std::string(file_header.substr(0, file_header.size() - 1)) +
                              "', its second the seed in base64url); it was left as it is");
    std::array<unsigned char, 32> out{};
    std::memcpy(out.data(), seed->data(), out.size());
    sodium_memzero(seed->data(), seed->size());
    return out;
}

}  // namespace

StoreKey StoreKey::from_seed(const std::array<unsigned char, 32>& seed) {
    start_sodium();
    StoreKey key;
    crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), seed.data());
    return key;
}

StoreKey StoreKey::load(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            throw StoreKeyRefused("the store's key " + path +
                                  " does not exist; run 'kiosk-central init' to make it");
        throw StoreKeyRefused("Unable to read the store's key " + path + ": " + std::strerror(errno));
    }
    auto seed = read_seed(path, st);
    StoreKey key = from_seed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

StoreKey StoreKey::load_or_create(const std::string& path, bool& created) {
    start_sodium();
    created = false;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) return load(path);
    if (errno != ENOENT)
        throw StoreKeyRefused("Unable to read the store's key " + path + ": " + std::strerror(errno));
    std::array<unsigned char, 32> seed{};
    randombytes_buf(seed.data(), seed.size());
    std::string text = std::string(file_header) +
                       base64url(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size())) +
                       "\n";
    write_whole(path, text);
    sodium_memzero(text.data(), text.size());
    StoreKey key = from_seed(seed);
    sodium_memzero(seed.data(), seed.size());
    created = true;
    return key;
}

StoreKey::StoreKey(const StoreKey& other) : public_(other.public_), secret_(other.secret_) {}

StoreKey::~StoreKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string StoreKey::public_key_text() const {
    return base64url(std::string_view(reinterpret_cast<const char*>(public_.data()), public_.size()));
}

std::string StoreKey::sign(std::string_view text) const {
    std::string signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(text.data()), text.size(), secret_.data());
    return signature;
}

}  // namespace central
