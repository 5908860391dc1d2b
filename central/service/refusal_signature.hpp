// The store's signature on its refusals of a kiosk's request (docs/protocol.md, "Signed refusals",
// protocol 2). A kiosk changes its state on a refusal (sets a batch aside, takes itself for refused,
// adopts the store's clock) only when the store's key signed it over the very request the kiosk sent
// and the body digest the store received: a portal's, proxy's or firewall's answer cannot do that, nor
// can the store's own refusal of a body changed on the way.
#pragma once
#include <cstdint>
#include <string>

#include "problem.hpp"
#include "store_key.hpp"

namespace httplib {
struct Request;
}

namespace central {

// The received body digest's value when the store refused before it had read the body whole.
inline const std::string body_not_read = "not-read";

struct RefusalFacts {
    std::string store_id;
    int status = 0;
    std::string problem;  // the problem's name, e.g. "batch-conflict"
    std::int64_t store_time_s = 0;
    std::string method_and_path;  // "POST /v1/batches"
    // The kiosk's headers exactly as received: "" for one that is missing, the first of several.
    std::string kiosk_id, request_id, kiosk_time, body_digest, signature;
    std::string received_body_digest;  // "sha-256=…" of the decoded body, or body_not_read
};

// The twelve lines, each ended by "\n": "charter-kiosk-refusal-v2", then the facts in the order above.
std::string refusal_signing_text(const RefusalFacts& facts);

// Adds store_id, store_time, received_body_digest and signature to `problem`'s members. `store_time`
// already there (stale-timestamp's) is the one signed.
void sign_refusal(Problem& problem, const httplib::Request& request, const std::string& method_and_path,
                  const std::string& received_body_digest, const std::string& store_id, std::int64_t now_s,
                  const StoreKey& key);

}  // namespace central
