// The signed headers every request to the central store carries (docs/protocol.md, "Signed requests"):
// the store checks who sent a body, and when, before it looks at what the body says. The signing text
// itself is the protocol library's (protocol/signing_texts.hpp), the store's too.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/signing_texts.hpp"

namespace kiosk {

class KioskKey;

struct SignedRequest {
    std::string method_and_path;  // "POST /v1/batches"
    std::string kiosk_id;
    std::string request_id;   // the batch id, or a fresh UUID for a heartbeat
    std::int64_t time_s = 0;  // the kiosk's time of signing (with any offset learnt from the store)
    std::string body_digest;  // "sha-256=…" of the body as built
};

// The request's five signed facts as its headers write them.
protocol::Request request_lines(const SignedRequest& request);

// The six lines the signature covers, each ended by '\n'.
std::string request_signing_text(const SignedRequest& request);

// "ed25519=<base64>": the Kiosk-Signature header's value (a signed refusal covers it too).
std::string request_signature(const SignedRequest& request, const KioskKey& key);

// "Kiosk-Id: …", "Kiosk-Request-Id: …", "Kiosk-Time: …", "Kiosk-Body-Digest: …", "Kiosk-Signature: …",
// signed with `key`, or carrying a `signature` request_signature() already made.
std::vector<std::string> signed_headers(const SignedRequest& request, const KioskKey& key);
std::vector<std::string> signed_headers(const SignedRequest& request, const std::string& signature);

}  // namespace kiosk
