// The kiosk's enrolment code, "CK1.<kiosk id>.<public key, base64url without padding>" (docs/protocol.md,
// "Parties and keys"), as IT gives it to `kiosk-central enrol` or POST /v1/kiosks.
#pragma once
#include <optional>
#include <string>

namespace central {

struct EnrolmentCode {
    std::string kiosk_id;
    std::string public_key;  // base64url without padding, 43 characters
};

// The code read, or nothing with `why` saying what is wrong with it.
std::optional<EnrolmentCode> read_enrolment_code(const std::string& code, std::string& why);

}  // namespace central
