// A refusal the kiosk can trust (docs/protocol.md, "Signed refusals", protocol 2): an answer that would
// make the kiosk change its state (set a batch aside, take itself for refused, adopt the store's clock)
// counts only when the store's key signed it over the very request the kiosk sent and the body digest
// the store received. Anything between kiosk and store can answer 400, 403, 404, 407, 409 or 401 with a
// store time; such an answer, unsigned or signed over other bytes, is a transient failure.
#pragma once
#include <cstdint>
#include <string>

#include "protocol/bytes.hpp"
#include "sync_signing.hpp"
#include "sync_transport.hpp"

namespace kiosk {

// What the kiosk sent, as it signed it: the refusal's signature covers all of it.
struct SentRequest {
    SignedRequest request;
    std::string signature;  // the Kiosk-Signature header's value, "ed25519=…"
};

// What the answer says of itself; with the request sent, the twelve lines the store signs
// (protocol::refusal_signing_text; docs/protocol.md gives them and an example).
struct RefusalText {
    std::string store_id;
    long status = 0;
    std::string problem;  // the problem's name, e.g. "batch-conflict"
    std::int64_t store_time_s = 0;
    std::string received_body_digest;  // "sha-256=…" of the body the store read, or protocol::body_not_read
};
std::string refusal_signing_text(const RefusalText& refusal, const SentRequest& sent);

enum class RefusalTrust {
    trusted,            // the store's signature, over this request and the body sent (or none read)
    not_the_stores,     // no signature, or one that does not verify over the request sent
    about_other_bytes,  // the store's, but about a body other than the one sent (changed on the way)
};

struct RefusalCheck {
    RefusalTrust trust = RefusalTrust::not_the_stores;
    std::string why;      // for the alert, when not trusted
    std::string problem;  // the problem's name, as far as it could be read
    std::int64_t store_time_s = 0;
    std::string received_body_digest;
};

// The problem's name: the last part of its type URI ("…/problems/stale-timestamp"); "" when none.
std::string problem_name_of(const std::string& body);

// Checks a 4xx answer to `sent` against the store's public key from the configuration.
RefusalCheck check_refusal(const HttpAnswer& answer, const SentRequest& sent,
                           const protocol::PublicKey& store_public_key);

}  // namespace kiosk
