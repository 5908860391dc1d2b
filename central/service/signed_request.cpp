#include "signed_request.hpp"

#include <httplib.h>

#include "protocol/base64.hpp"
#include "protocol/digest.hpp"
#include "protocol/ids.hpp"
#include "protocol/names.hpp"
#include "protocol/signature.hpp"
#include "protocol/signing_texts.hpp"

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
    for (auto [name, value] : {std::pair{protocol::kiosk_id_header, &out.kiosk_id},
                               std::pair{protocol::request_id_header, &out.request_id},
                               std::pair{protocol::time_header, &out.time_text},
                               std::pair{protocol::body_digest_header, &out.body_digest},
                               std::pair{protocol::signature_header, &signature_text}}) {
        if (auto problem = one_header(request, name, *value)) return problem;
    }
    if (!protocol::is_kiosk_id(out.kiosk_id))
        return bad_header(
            protocol::kiosk_id_header,
            shown(out.kiosk_id) + " is not a kiosk id (1 to 64 characters from A-Z a-z 0-9 . _ -)");
    if (!protocol::is_uuid(out.request_id))
        return bad_header(protocol::request_id_header,
                          shown(out.request_id) + " is not a UUID (lower-case, hyphenated)");
    bool decimal = !out.time_text.empty() && out.time_text.size() <= 12 &&
                   out.time_text.find_first_not_of("0123456789") == std::string::npos;
    if (!decimal)
        return bad_header(protocol::time_header,
                          shown(out.time_text) + " is not whole seconds since 1970 in decimal");
    out.time_seconds = std::stoll(out.time_text);
    std::optional<protocol::Digest> digest = protocol::digest_from_field(out.body_digest);
    if (!digest)
        return bad_header(
            protocol::body_digest_header,
            shown(out.body_digest) + " is not 'sha-256=' and the base64 (with padding) of 32 bytes");
    out.digest = *digest;
    std::optional<protocol::Signature> signature = protocol::signature_from_field(signature_text);
    if (!signature)
        return bad_header(
            protocol::signature_header,
            shown(signature_text) + " is not 'ed25519=' and the base64 (with padding) of 64 bytes");
    out.signature = *signature;
    return std::nullopt;
}

protocol::Request request_lines(const std::string& method_and_path, const SignedHeaders& headers) {
    return {method_and_path, headers.kiosk_id, headers.request_id, headers.time_text, headers.body_digest};
}

std::string request_signing_text(const std::string& method_and_path, const SignedHeaders& headers) {
    return protocol::request_signing_text(request_lines(method_and_path, headers));
}

bool signature_verifies(const std::string& text, const protocol::Signature& signature,
                        const std::string& public_key_text) {
    std::optional<protocol::PublicKey> key = protocol::public_key_from_text(public_key_text);
    return key && protocol::signature_verifies(text, signature, *key);
}

}  // namespace central
