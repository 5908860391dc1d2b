// Reads and checks a batch body (docs/protocol.md, "A batch"): well-formed, its ids those of the
// signed headers, seq numbers consecutive, every value in its range. Unknown members are ignored, so
// a newer kiosk may send more.
#pragma once
#include <optional>
#include <string>

#include "ledger.hpp"
#include "problem.hpp"
#include "protocol/names.hpp"
#include "signed_request.hpp"

namespace central {

constexpr int protocol_version = protocol::body_protocol;
constexpr int max_ratings_per_batch = 1000;

// Fills `out` (with `body`, moved in, and its digest) or answers 400 malformed-batch /
// unsupported-protocol, naming the member and what is wrong with it.
std::optional<Problem> read_batch(std::string body, const SignedHeaders& headers, IncomingBatch& out);

}  // namespace central
