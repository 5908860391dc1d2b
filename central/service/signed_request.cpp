#include "signed_request.hpp"

#include <httplib.h>
#include <sodium.h>

#include "wire_text.hpp"

namespace central {
namespace {

Problem bad_header(const std::string& name, const std::string& why) {
    return make_problem(400, "bad-request-headers", "the header " + name + " " + why);
}

// A header given exactly once; a second copy is as suspicious as a missing one.
std::optional<Problem> one_header(const httplib::Request& request, const char* name, std::string& value) {
    std::size_t count = request.get_header_value_count(name);
    if (count == 0) return bad_header(name, "is missing (a kiosk signs every request: docs/protocol.md)");
    if (count > 1) return bad_header(name, "is given " + std::to_string(count) + " times; send it once");
    value = request.get_header_value(name);
    return std::nullopt;
}

// The header's text for a message: short, and only printable ASCII.
std::string shown(const std::string& value) {
    std::string out;
    for (char c : value.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return "'" + out + (value.size() > 80 ? "…'" : "'");
}

}  // namespace

std::optional<Problem> read_signed_headers(const httplib::Request& request, SignedHeaders& out) {
    std::string signature_text;
    for (auto [name, value] :
         {std::pair{"Kiosk-Id", &out.kiosk_id}, std::pair{"Kiosk-Request-Id", &out.request_id},
          std::pair{"Kiosk-Time", &out.time_text}, std::pair{"Kiosk-Body-Digest", &out.body_digest},
          std::pair{"Kiosk-Signature", &signature_text}}) {
        if (auto problem = one_header(request, name, *value)) return problem;
    }
    if (!is_kiosk_id(out.kiosk_id))
        return bad_header("Kiosk-Id", shown(out.kiosk_id) +
                                          " is not a kiosk id (1 to 64 characters from A-Z a-z 0-9 . _ -)");
    if (!is_uuid(out.request_id))
        return bad_header("Kiosk-Request-Id",
                          shown(out.request_id) + " is not a UUID (lower-case, hyphenated)");
    bool decimal = !out.time_text.empty() && out.time_text.size() <= 12 &&
                   out.time_text.find_first_not_of("0123456789") == std::string::npos;
    if (!decimal)
        return bad_header("Kiosk-Time", shown(out.time_text) + " is not whole seconds since 1970 in decimal");
    out.time_seconds = std::stoll(out.time_text);
    const std::string digest_prefix = "sha-256=";
    std::optional<std::string> digest;
    if (out.body_digest.rfind(digest_prefix, 0) == 0)
        digest = decode_base64(std::string_view(out.body_digest).substr(digest_prefix.size()),
                               crypto_hash_sha256_BYTES);
    if (!digest)
        return bad_header(
            "Kiosk-Body-Digest",
            shown(out.body_digest) + " is not 'sha-256=' and the base64 (with padding) of 32 bytes");
    out.digest = *digest;
    const std::string signature_prefix = "ed25519=";
    std::optional<std::string> signature;
    if (signature_text.rfind(signature_prefix, 0) == 0)
        signature = decode_base64(std::string_view(signature_text).substr(signature_prefix.size()),
                                  crypto_sign_BYTES);
    if (!signature)
        return bad_header(
            "Kiosk-Signature",
            shown(signature_text) + " is not 'ed25519=' and the base64 (with padding) of 64 bytes");
    out.signature = *signature;
    return std::nullopt;
}

std::string request_signing_text(const std::string& method_and_path, const SignedHeaders& headers) {
    return "charter-kiosk-request-v1\n" + method_and_path + "\n" + headers.kiosk_id + "\n" +
           headers.request_id + "\n" + headers.time_text + "\n" + headers.body_digest + "\n";
}

bool signature_verifies(const std::string& text, const std::string& signature,
                        const std::string& public_key_text) {
    std::optional<std::string> key = decode_base64url(public_key_text, crypto_sign_PUBLICKEYBYTES);
    if (!key || signature.size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                       reinterpret_cast<const unsigned char*>(key->data())) == 0;
}

}  // namespace central
