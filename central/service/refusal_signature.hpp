// The store's signature on its refusals of a kiosk's request (docs/protocol.md, "Signed refusals",
// protocol 2). A kiosk changes its state on a refusal (sets a batch aside, takes itself for refused,
// adopts the store's clock) only when the store's key signed it over the very request the kiosk sent
// and the body digest the store received: a portal's, proxy's or firewall's answer cannot do that, nor
// can the store's own refusal of a body changed on the way. The signing text is the protocol library's
// (protocol::refusal_signing_text), the kiosk's too.
#pragma once
#include <cstdint>
#include <string>

#include "problem.hpp"
#include "store_key.hpp"

namespace httplib {
struct Request;
}

namespace central {

// Adds store_id, store_time, received_body_digest and signature to `problem`'s members, signed over
// the request's five headers exactly as received ("" for one that is missing, the first of several).
// `store_time` already there (stale-timestamp's) is the one signed. `received_body_digest` is
// "sha-256=…" of the decoded body, or protocol::body_not_read.
void sign_refusal(Problem& problem, const httplib::Request& request, const std::string& method_and_path,
                  const std::string& received_body_digest, const std::string& store_id, std::int64_t now_s,
                  const StoreKey& key);

}  // namespace central
