#include "kiosk_key.hpp"

#include <filesystem>

#include "protocol/ids.hpp"

namespace kiosk {
namespace {

const protocol::KeyFileKind kiosk_key_file{
    "charter-kiosk-ed25519-seed-v1",
    "the kiosk's key",
    "the kiosk",
    "if it has not left the kiosk, else make a new one and enrol the kiosk again",
    "Restore it from a backup, or move it away and enrol the kiosk again with its new key",
    "the kiosk makes it at its first start",
    true,  // the database's folder may not be there before the first start
};

}  // namespace

KioskKey KioskKey::load_or_create(const std::string& path) {
    return KioskKey(protocol::read_or_make_key_file(path, kiosk_key_file));
}

std::string enrolment_code(const std::string& kiosk_id, const KioskKey& key) {
    return protocol::enrolment_code(kiosk_id, key.public_key_text());
}

std::string key_path_for(const std::string& database_path) {
    return (std::filesystem::path(database_path).parent_path() / "kiosk.key").string();
}

}  // namespace kiosk
