#include "protocol/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "protocol/base64.hpp"
#include "sodium_start.hpp"

namespace protocol {
namespace {

// A key file is two short lines; anything much longer is not one (and is not read into memory whole).
constexpr std::size_t longest_key_file = 4096;

std::string about(const KeyFileKind& kind, const std::string& path) {
    return std::string(kind.name) + " " + path;
}

[[noreturn]] void refuse(const std::string& message) { throw KeyFileRefused(message); }

[[noreturn]] void unable(const char* verb, const KeyFileKind& kind, const std::string& path, int error) {
    refuse(std::string("Unable to ") + verb + " " + about(kind, path) + ": " + std::strerror(error));
}

// Closes a file descriptor on every way out.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// The key in the file, or nothing when no file stands at `path`.
std::optional<KeyPair> read_if_there(const std::string& path, const KeyFileKind& kind) {
    // O_NOFOLLOW: a symbolic link is not the key file; O_NONBLOCK: a FIFO at the path cannot hang us.
    Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)};
    if (file.fd < 0 && errno == ENOENT) return std::nullopt;
    if (file.fd < 0 && errno == ELOOP) refuse(about(kind, path) + " is not a regular file (a symbolic link)");
    if (file.fd < 0) unable("read", kind, path, errno);
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) unable("read", kind, path, errno);
    if (!S_ISREG(st.st_mode)) refuse(about(kind, path) + " is not a regular file");
    if (st.st_uid != ::geteuid())
        refuse(about(kind, path) + " belongs to another user (uid " + std::to_string(st.st_uid) +
               ") than the one running " + std::string(kind.program));
    if (st.st_mode & 077)
        refuse(about(kind, path) + " can be read by other users of this machine; run 'chmod 600 " + path +
               "' " + std::string(kind.if_exposed));

    std::string content(longest_key_file + 1, '\0');
    std::size_t size = 0;
    while (size < content.size()) {
        ssize_t n = ::read(file.fd, content.data() + size, content.size() - size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) unable("read", kind, path, errno);
        if (n == 0) break;
        size += static_cast<std::size_t>(n);
    }
    content.resize(size);

    const std::string header = std::string(kind.first_line) + "\n";
    Seed seed{};
    bool well_formed =
        content.size() > header.size() && content.size() <= longest_key_file &&
        content.compare(0, header.size(), header) == 0 && content.back() == '\n' &&
        decode_base64url(std::string_view(content).substr(header.size(), content.size() - header.size() - 1),
                         seed.data(), seed.size());
    sodium_memzero(content.data(), content.size());
    if (!well_formed)
        refuse(about(kind, path) + " is damaged (not a key file of " + std::string(kind.program) +
               ": its first line must be '" + std::string(kind.first_line) +
               "', its second the seed in base64url); it was left as it is" +
               (kind.if_damaged.empty() ? "" : ". " + std::string(kind.if_damaged)));
    KeyPair key = KeyPair::from_seed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::system_error(n < 0 ? errno : EIO, std::generic_category());
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

KeyPair KeyPair::from_seed(const Seed& seed) {
    start_sodium();
    KeyPair key;
    crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), seed.data());
    return key;
}

KeyPair::KeyPair(const KeyPair& other) : public_(other.public_), secret_(other.secret_) {}

KeyPair::~KeyPair() { sodium_memzero(secret_.data(), secret_.size()); }

std::string KeyPair::public_key_text() const { return protocol::public_key_text(public_); }

Signature KeyPair::sign(std::string_view text) const {
    Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                         text.size(), secret_.data());
    return signature;
}

std::string key_file_text(const KeyFileKind& kind, const Seed& seed) {
    return std::string(kind.first_line) + "\n" + base64url(seed.data(), seed.size()) + "\n";
}

KeyPair read_key_file(const std::string& path, const KeyFileKind& kind) {
    start_sodium();
    if (auto key = read_if_there(path, kind)) return *key;
    refuse(about(kind, path) + " does not exist; " + std::string(kind.if_missing));
}

KeyPair read_or_make_key_file(const std::string& path, const KeyFileKind& kind, bool* created) {
    start_sodium();
    if (created) *created = false;
    if (auto key = read_if_there(path, kind)) return *key;

    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (kind.make_folder && !folder.empty()) {
        std::error_code ignored;  // a folder that cannot be made shows as the write's error below
        std::filesystem::create_directories(folder, ignored);
    }
    // The new key goes to a file of this process's own (a unique name: another start's file is never
    // touched), written whole and flushed, and only then gets the key's name.
    std::string making = path + ".new-XXXXXX";
    Fd file{::mkostemp(making.data(), O_CLOEXEC)};  // mode 0600
    if (file.fd < 0) unable("write", kind, path, errno);
    Seed seed{};
    randombytes_buf(seed.data(), seed.size());
    std::string text = key_file_text(kind, seed);
    int error = 0;
    try {
        write_all(file.fd, text);
        if (::fsync(file.fd) != 0) error = errno;
    } catch (const std::system_error& e) {
        error = e.code().value();
    }
    sodium_memzero(text.data(), text.size());
    // link(), not rename(): rename() would replace a key another start put there meanwhile, leaving that
    // process (and the enrolment code it printed) with a key that no longer exists.
    if (error == 0 && ::link(making.c_str(), path.c_str()) != 0) error = errno;
    ::unlink(making.c_str());
    if (error == EEXIST) {
        sodium_memzero(seed.data(), seed.size());
        if (auto key = read_if_there(path, kind)) return *key;  // the other start's key: written whole
        unable("read", kind, path, ENOENT);                     // made and removed again meanwhile
    }
    if (error != 0) {
        sodium_memzero(seed.data(), seed.size());
        unable("write", kind, path, error);
    }
    Fd dir{::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY)};
    if (dir.fd >= 0) ::fsync(dir.fd);  // the new name survives a power cut
    KeyPair key = KeyPair::from_seed(seed);
    sodium_memzero(seed.data(), seed.size());
    if (created) *created = true;
    return key;
}

}  // namespace protocol
