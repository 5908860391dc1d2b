// The kiosk's own Ed25519 key pair, with which it signs what it sends to the central store
// (docs/protocol.md). Made at the kiosk's first start, kept in a file readable by the kiosk user only;
// the store knows only the public half, from the enrolment code. The key and its file are the protocol
// library's (protocol/key_file.hpp); this is the kiosk's kind of key file and what it says to IT.
#pragma once
#include <string>

#include "protocol/key_file.hpp"

namespace kiosk {

// The key file is there but cannot be used (damaged, or others may read it), or cannot be written:
// nothing was changed. The kiosk exits 78; a new key would need a new enrolment, so it is never made
// over an old one.
using KeyRefused = protocol::KeyFileRefused;

class KioskKey : public protocol::KeyPair {
  public:
    static constexpr std::size_t signature_bytes = protocol::signature_bytes;

    // Loads the key at `path`, or makes one there (and its folder) when nothing stands at the path;
    // two starts that meet a missing key at once end with one key, the same in both (the protocol
    // library's read_or_make_key_file). Throws KeyRefused naming the file and what is wrong.
    static KioskKey load_or_create(const std::string& path);

  private:
    explicit KioskKey(const protocol::KeyPair& key) : protocol::KeyPair(key) {}
};

// "CK1.<kiosk id>.<public key>": what IT gives `kiosk-central enrol`.
std::string enrolment_code(const std::string& kiosk_id, const KioskKey& key);

// Where the kiosk keeps its key: "kiosk.key" in the database's folder.
std::string key_path_for(const std::string& database_path);

}  // namespace kiosk
