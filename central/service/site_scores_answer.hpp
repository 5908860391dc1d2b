// The store's answer to POST /v1/site-scores (docs/protocol.md, "A site's figures"): the figures as
// JSON, averages divided out of the ledger's sums, and the store's signature over the request they
// answer and the answer's exact bytes, so that nothing on the way can forge or swap figures.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "ledger.hpp"
#include "protocol/signing_texts.hpp"
#include "store_key.hpp"

namespace central {

// The answer's body: the request as read (period, counter, service, with_bursts, time_zone), the
// store's id, `computed_at` (UTC, whole seconds) and every figure.
nlohmann::json site_scores_json(const SiteFigures& figures, const SiteScoresQuery& query,
                                const std::string& store_id, std::int64_t computed_at_ms);

// "ed25519=…": the Store-Signature header's value, over protocol::site_scores_signing_text of the
// request's five facts as received and the SHA-256 of `body`, the answer's bytes as sent.
std::string site_scores_signature(const protocol::Request& request, const std::string& body,
                                  const StoreKey& key);

}  // namespace central
