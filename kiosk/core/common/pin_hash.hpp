// The manager's PIN, kept only as an Argon2id hash (libsodium's crypto_pwhash_str): the configuration
// never holds the PIN itself, so reading a kiosk's files does not give the way into its manager view.
#pragma once
#include <string>

namespace kiosk {

// Why `pin` cannot be a manager's PIN ("" when it can): 4 to 12 digits, typed on the kiosk's PIN pad.
std::string pin_problem(const std::string& pin);
// A new hash of `pin` ("$argon2id$v=19$m=…"), with a random salt; about 64 MiB and a fraction of a
// second. Throws std::runtime_error when the memory cannot be had.
std::string hash_pin(const std::string& pin);
// Whether `pin` is the PIN `hash` was made from. A text that is no hash matches nothing.
bool pin_matches(const std::string& hash, const std::string& pin);
// Whether `text` is an Argon2id hash libsodium can check a PIN against.
bool is_pin_hash(const std::string& text);

}  // namespace kiosk
