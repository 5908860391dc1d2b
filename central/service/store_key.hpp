// The store's own Ed25519 key pair (libsodium), with which it signs receipts (docs/protocol.md, "The
// receipt"). Kept in a file like the kiosk's key: mode 0600, first line
// "charter-central-ed25519-seed-v1", then the 32-byte seed in base64url. Several instances of one store
// share the file; kiosks hold its public half in their configuration.
#pragma once
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace central {

// The key file is missing, damaged or readable by others: nothing was changed. Exit 78.
struct StoreKeyRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class StoreKey {
  public:
    // Loads the key at `path`; throws StoreKeyRefused naming the file and what is wrong (also when
    // there is none: `kiosk-central init` makes it, `serve` never does).
    static StoreKey load(const std::string& path);
    // Makes a key at `path` when nothing stands there (written whole, then renamed into place);
    // `created` says whether it did. An existing key is loaded, never replaced.
    static StoreKey load_or_create(const std::string& path, bool& created);
    // A key from a seed, for tests.
    static StoreKey from_seed(const std::array<unsigned char, 32>& seed);

    ~StoreKey();
    StoreKey(const StoreKey& other);
    StoreKey& operator=(const StoreKey&) = delete;

    // The public half, base64url without padding (43 characters): what each kiosk's [sync] table holds.
    std::string public_key_text() const;
    // The raw 64-byte detached signature of `text`.
    std::string sign(std::string_view text) const;

  private:
    StoreKey() = default;
    std::array<unsigned char, 32> public_{};
    std::array<unsigned char, 64> secret_{};
};

}  // namespace central
