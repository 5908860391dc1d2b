// The store's own Ed25519 key pair, with which it signs receipts and refusals (docs/protocol.md, "The
// receipt"). Kept in a file like the kiosk's key (the protocol library's key file): mode 0600, first
// line "charter-central-ed25519-seed-v1", then the 32-byte seed in base64url. Several instances of one
// store share the file; kiosks hold its public half in their configuration.
#pragma once
#include <string>

#include "protocol/key_file.hpp"

namespace central {

// The key file is missing, damaged or readable by others, or cannot be written: nothing was changed.
// Exit 78.
using StoreKeyRefused = protocol::KeyFileRefused;

class StoreKey : public protocol::KeyPair {
  public:
    // Loads the key at `path`; throws StoreKeyRefused naming the file and what is wrong (also when
    // there is none: `kiosk-central init` makes it, `serve` never does).
    static StoreKey load(const std::string& path);
    // Makes a key at `path` when nothing stands there; `created` says whether it did. An existing key
    // is loaded, never replaced: two `init`s at once end with one key, which both return.
    static StoreKey load_or_create(const std::string& path, bool& created);
    // A key from a seed, for tests.
    static StoreKey from_seed(const protocol::Seed& seed);

  private:
    explicit StoreKey(const protocol::KeyPair& key) : protocol::KeyPair(key) {}
};

}  // namespace central
