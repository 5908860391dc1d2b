#include "store_key.hpp"

namespace central {
namespace {

const protocol::KeyFileKind store_key_file{
    "charter-central-ed25519-seed-v1",
    "the store's key",
    "kiosk-central",
    "if nobody else has read it, else make a new key and give every kiosk its public half",
    "",
    "run 'kiosk-central init' to make it",
    false,  // init writes where the configuration says; a missing folder is a mistake to report
};

}  // namespace

StoreKey StoreKey::load(const std::string& path) {
    return StoreKey(protocol::read_key_file(path, store_key_file));
}

StoreKey StoreKey::load_or_create(const std::string& path, bool& created) {
    return StoreKey(protocol::read_or_make_key_file(path, store_key_file, &created));
}

StoreKey StoreKey::from_seed(const protocol::Seed& seed) {
    return StoreKey(protocol::KeyPair::from_seed(seed));
}

}  // namespace central
