// An Ed25519 key pair (libsodium) and the file that keeps it: the kiosk's key and the store's key are
// both such a file, mode 0600, of two lines, a first line naming its kind
// ("charter-kiosk-ed25519-seed-v1", "charter-central-ed25519-seed-v1") and the 32-byte seed in
// base64url without padding. A key file is made once and never replaced: the public half is enrolled
// (or given to every kiosk), so a new key would silently break that. A file that cannot be used is
// refused, naming the file and what is wrong, and left as it is.
#pragma once
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/bytes.hpp"

namespace protocol {

class KeyPair {
  public:
    static KeyPair from_seed(const Seed& seed);
    KeyPair(const KeyPair& other);
    KeyPair& operator=(const KeyPair&) = delete;
    ~KeyPair();  // wipes the secret half

    const PublicKey& public_key() const { return public_; }
    // The public half in base64url without padding (43 characters).
    std::string public_key_text() const;
    // The detached signature of `text`.
    Signature sign(std::string_view text) const;

  private:
    KeyPair() = default;
    PublicKey public_{};
    std::array<unsigned char, 64> secret_{};
};

// The key file is there but cannot be used (damaged, not ours, readable by others), or is missing where
// it must be, or cannot be written: nothing was changed. The programs exit 78 on it.
struct KeyFileRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What kind of key a file holds, and what its program tells the person who must act on a refusal.
struct KeyFileKind {
    std::string_view first_line;  // "charter-kiosk-ed25519-seed-v1"
    std::string_view name;        // "the kiosk's key": each message starts "<name> <path> …"
    std::string_view program;     // who must own the file: "… belongs to another user than <program>"
    std::string_view if_exposed;  // follows "run 'chmod 600 <path>'": when that is enough, and what else
    std::string_view if_damaged;  // follows "it was left as it is. ", or empty
    std::string_view if_missing;  // follows "does not exist; " (read_key_file only)
    bool make_folder = false;     // read_or_make_key_file makes the file's folder when it is missing
};

// The key in the file at `path`. Throws KeyFileRefused when it is missing or cannot be used.
KeyPair read_key_file(const std::string& path, const KeyFileKind& kind);

// The key in the file at `path`, or, when nothing stands there, a new key written to a file of its own
// (mode 0600, written whole and flushed) and then linked into place: link() never replaces a file, so
// when another process made the key meanwhile, this one reads and returns that key instead of its own
// (two starts meeting a missing key at once end with one key, and both hold it). `created` says
// whether this call made the key. Throws KeyFileRefused as read_key_file does.
KeyPair read_or_make_key_file(const std::string& path, const KeyFileKind& kind, bool* created = nullptr);

// The file's text for `seed`: the first line, the seed in base64url, each ended by '\n'.
std::string key_file_text(const KeyFileKind& kind, const Seed& seed);

}  // namespace protocol
