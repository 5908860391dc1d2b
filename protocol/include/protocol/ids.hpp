// The protocol's identifiers and the enrolment code (docs/protocol.md, "Parties and keys").
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

// 1–64 characters from A–Z a–z 0–9 . _ - (kiosk and store ids).
bool is_kiosk_id(std::string_view text);
// A UUID written lower-case and hyphenated: 8-4-4-4-12 hexadecimal digits (batch and request ids).
bool is_uuid(std::string_view text);

// "CK1.<kiosk id>.<public key, base64url without padding>": what a kiosk prints and IT gives the store.
std::string enrolment_code(std::string_view kiosk_id, std::string_view public_key_text);

struct EnrolmentCode {
    std::string kiosk_id;
    std::string public_key;  // base64url without padding, 43 characters
};
// The code read, or nothing with `why` saying what is wrong with it (for the IT person who typed it).
std::optional<EnrolmentCode> read_enrolment_code(std::string_view code, std::string& why);

}  // namespace protocol
