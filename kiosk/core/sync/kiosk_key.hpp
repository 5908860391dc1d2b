// The kiosk's own Ed25519 key pair (libsodium), with which it signs what it sends to the central store
// (docs/protocol.md). Made at the kiosk's first start, kept in a file readable by the kiosk user only;
// the store knows only the public half, from the enrolment code.
#pragma once
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiosk {

// The key file is there but cannot be used (damaged, or others may read it): nothing was changed.
// The kiosk exits 78; a new key would need a new enrolment, so it is never made over an old one.
struct KeyRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class KioskKey {
  public:
    static constexpr std::size_t signature_bytes = 64;

    // Loads the key at `path`, or makes one there (mode 0600, written whole, then renamed into
    // place) when nothing stands at the path. Throws KeyRefused naming the file and what is wrong.
    static KioskKey load_or_create(const std::string& path);
    ~KioskKey();
    KioskKey(const KioskKey& other);
    KioskKey& operator=(const KioskKey&) = delete;

    // The public half, base64url without padding (43 characters).
    std::string public_key_text() const;
    std::array<unsigned char, signature_bytes> sign(std::string_view text) const;

  private:
    KioskKey() = default;
    std::array<unsigned char, 32> public_{};
    std::array<unsigned char, 64> secret_{};
};

// "CK1.<kiosk id>.<public key>": what IT gives `kiosk-central enrol`.
std::string enrolment_code(const std::string& kiosk_id, const KioskKey& key);

// Where the kiosk keeps its key: "kiosk.key" in the database's folder.
std::string key_path_for(const std::string& database_path);

}  // namespace kiosk
