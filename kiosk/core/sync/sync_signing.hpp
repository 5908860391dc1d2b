// The signed headers every request to the central store carries (docs/protocol.md, "Signed requests"):
// the store checks who sent a body, and when, before it looks at what the body says.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

class KioskKey;

struct SignedRequest {
    std::string method_and_path;  // "POST /v1/batches"
    std::string kiosk_id;
    std::string request_id;   // the batch id, or a fresh UUID for a heartbeat
    std::int64_t time_s = 0;  // the kiosk's time of signing (with any offset learnt from the store)
    std::string body_digest;  // "sha-256=…" of the body as built
};

// The six lines the signature covers, each ended by '\n'.
std::string request_signing_text(const SignedRequest& request);

// "ed25519=<base64>": the Kiosk-Signature header's value (a signed refusal covers it too).
std::string request_signature(const SignedRequest& request, const KioskKey& key);

// "Kiosk-Id: …", "Kiosk-Request-Id: …", "Kiosk-Time: …", "Kiosk-Body-Digest: …", "Kiosk-Signature: …",
// signed with `key`, or carrying a `signature` request_signature() already made.
std::vector<std::string> signed_headers(const SignedRequest& request, const KioskKey& key);
std::vector<std::string> signed_headers(const SignedRequest& request, const std::string& signature);

// The 64 bytes of an "ed25519=<base64>" signature (the store's receipts and refusals); nothing when
// `text` is not exactly that.
std::optional<std::array<unsigned char, 64>> signature_from_text(const std::string& text);

// Standard base64 with padding (RFC 4648 §4), as the protocol writes digests and signatures.
std::string base64_text(const unsigned char* bytes, std::size_t size);

}  // namespace kiosk
