#include "sync_signing.hpp"

#include "kiosk_key.hpp"
#include "protocol/names.hpp"
#include "protocol/signature.hpp"

namespace kiosk {

protocol::Request request_lines(const SignedRequest& r) {
    return {r.method_and_path, r.kiosk_id, r.request_id, protocol::kiosk_time_text(r.time_s), r.body_digest};
}

std::string request_signing_text(const SignedRequest& r) {
    return protocol::request_signing_text(request_lines(r));
}

std::string request_signature(const SignedRequest& r, const KioskKey& key) {
    return protocol::signature_field(key.sign(request_signing_text(r)));
}

std::vector<std::string> signed_headers(const SignedRequest& r, const KioskKey& key) {
    return signed_headers(r, request_signature(r, key));
}

std::vector<std::string> signed_headers(const SignedRequest& r, const std::string& signature) {
    protocol::Request lines = request_lines(r);
    auto header = [](const char* name, const std::string& value) { return std::string(name) + ": " + value; };
    return {header(protocol::kiosk_id_header, lines.kiosk_id),
            header(protocol::request_id_header, lines.request_id),
            header(protocol::time_header, lines.kiosk_time),
            header(protocol::body_digest_header, lines.body_digest),
            header(protocol::signature_header, signature)};
}

}  // namespace kiosk
