// The five headers of a kiosk's signed request and the signing text they make (docs/protocol.md,
// "Signed requests"; the text is the protocol library's, the kiosk's too). Reading them checks their
// form only; whether the kiosk is enrolled, the signature verifies and the time is near are the
// service's next steps.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "problem.hpp"
#include "protocol/bytes.hpp"
#include "protocol/signing_texts.hpp"

namespace httplib {
struct Request;
}

namespace central {

struct SignedHeaders {
    std::string kiosk_id;
    std::string request_id;
    std::string time_text;  // Kiosk-Time as sent, for the signing text
    std::int64_t time_seconds = 0;
    std::string body_digest;          // Kiosk-Body-Digest as sent: "sha-256=…"
    protocol::Digest digest{};        // its 32 bytes
    protocol::Signature signature{};  // the 64 bytes of Kiosk-Signature
};

// Fills `out` from the request, or answers 400 bad-request-headers naming the header and what is wrong.
std::optional<Problem> read_signed_headers(const httplib::Request& request, SignedHeaders& out);

// The six lines, each ended by "\n": "charter-kiosk-request-v1", `method_and_path` ("POST /v1/batches"),
// Kiosk-Id, Kiosk-Request-Id, Kiosk-Time, Kiosk-Body-Digest as received.
std::string request_signing_text(const std::string& method_and_path, const SignedHeaders& headers);
// The request's five signed facts, as received (the texts the store signs repeat them).
protocol::Request request_lines(const std::string& method_and_path, const SignedHeaders& headers);

// True when `signature` is `public_key_text`'s (base64url, 32 bytes) Ed25519 signature of `text`.
// A public key that cannot be read verifies nothing.
bool signature_verifies(const std::string& text, const protocol::Signature& signature,
                        const std::string& public_key_text);

}  // namespace central
