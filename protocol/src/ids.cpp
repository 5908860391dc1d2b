#include "protocol/ids.hpp"

#include "protocol/base64.hpp"

namespace protocol {
namespace {

constexpr std::string_view code_prefix = "CK1.";

}  // namespace

bool is_kiosk_id(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string enrolment_code(std::string_view kiosk_id, std::string_view public_key_text) {
    return std::string(code_prefix).append(kiosk_id).append(".").append(public_key_text);
}

std::optional<EnrolmentCode> read_enrolment_code(std::string_view code, std::string& why) {
    if (code.substr(0, code_prefix.size()) != code_prefix) {
        why = "it does not start with 'CK1.' (print it on the kiosk with 'kiosk enrolment-code')";
        return std::nullopt;
    }
    // A kiosk id may hold dots, a base64url key never does: the key is after the last one.
    std::size_t last_dot = code.rfind('.');
    if (last_dot < code_prefix.size()) {
        why = "it has no public key after the kiosk id (CK1.<kiosk id>.<public key>)";
        return std::nullopt;
    }
    EnrolmentCode out{std::string(code.substr(code_prefix.size(), last_dot - code_prefix.size())),
                      std::string(code.substr(last_dot + 1))};
    if (!is_kiosk_id(out.kiosk_id)) {
        why = "its kiosk id '" + out.kiosk_id.substr(0, 80) +
              "' is not 1 to 64 characters from A-Z a-z 0-9 . _ -";
        return std::nullopt;
    }
    if (!public_key_from_text(out.public_key)) {
        why =
            "its public key is not 32 bytes in base64url without padding (43 characters); was it cut short?";
        return std::nullopt;
    }
    return out;
}

}  // namespace protocol
