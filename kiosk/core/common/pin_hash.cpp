#include "pin_hash.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace kiosk {
namespace {

// libsodium's "interactive" limits: 64 MiB and 2 passes, a fraction of a second on a small board. The
// PIN pad's lockout (manager_access.hpp) is what stops guessing at the kiosk; the hash's cost is for a
// configuration file that leaves the kiosk.
constexpr unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

std::string pin_problem(const std::string& pin) {
    bool digits = std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); });
    if (pin.size() < 4 || pin.size() > 12 || !digits) return "a PIN is 4 to 12 digits";
    return "";
}

std::string hash_pin(const std::string& pin) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), ops_limit, mem_limit) != 0)
        throw std::runtime_error("not enough memory to hash the PIN (Argon2id needs 64 MiB)");
    return out;
}

bool pin_matches(const std::string& hash, const std::string& pin) {
    if (!is_pin_hash(hash)) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

bool is_pin_hash(const std::string& text) {
    if (sodium_init() < 0) return false;
    if (text.rfind("$argon2id$", 0) != 0 || text.size() >= crypto_pwhash_STRBYTES) return false;
    // -1: not a hash of this algorithm that libsodium can read; 0 or 1 (weaker or stronger limits than
    // ours) are both hashes it can check against.
    return crypto_pwhash_str_needs_rehash(text.c_str(), ops_limit, mem_limit) != -1;
}

}  // namespace kiosk
