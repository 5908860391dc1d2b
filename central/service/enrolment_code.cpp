#include "enrolment_code.hpp"

#include "wire_text.hpp"

namespace central {

std::optional<EnrolmentCode> read_enrolment_code(const std::string& code, std::string& why) {
    const std::string prefix = "CK1.";
    if (code.rfind(prefix, 0) != 0) {
        why = "it does not start with 'CK1.' (print it on the kiosk with 'kiosk enrolment-code')";
        return std::nullopt;
    }
    // A kiosk id may hold dots, a base64url key never does: the key is after the last one.
    std::size_t last_dot = code.rfind('.');
    if (last_dot < prefix.size()) {
        why = "it has no public key after the kiosk id (CK1.<kiosk id>.<public key>)";
        return std::nullopt;
    }
    EnrolmentCode out{code.substr(prefix.size(), last_dot - prefix.size()), code.substr(last_dot + 1)};
    if (!is_kiosk_id(out.kiosk_id)) {
        why = "its kiosk id '" + out.kiosk_id.substr(0, 80) +
              "' is not 1 to 64 characters from A-Z a-z 0-9 . _ -";
        return std::nullopt;
    }
    if (!decode_base64url(out.public_key, 32)) {
        why =
            "its public key is not 32 bytes in base64url without padding (43 characters); was it cut short?";
        return std::nullopt;
    }
    return out;
}

}  // namespace central
