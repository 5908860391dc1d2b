// Fetches the kiosk's site's figures from the central store (docs/protocol.md, "A site's figures"):
// a request signed with the kiosk's key like a batch, over the sync transport of the [sync] table, and
// an answer taken only when the store's key signed it over this very request and these very bytes.
// A store out of reach, a refusal and an answer that is not the store's each say so in words.
#pragma once
#include <functional>
#include <string>
#include <variant>

#include "config.hpp"
#include "refusal.hpp"
#include "site_scores.hpp"
#include "sync_transport.hpp"

namespace kiosk {

class KioskKey;

struct SiteScoresError {
    enum class Kind {
        no_sync,      // the configuration has no [sync] table: there is no store to ask
        unreachable,  // no answer at all: the store is down, or the network (the message says which)
        refused,      // the store's own signed refusal (revoked, not enrolled, site not known, ...)
        bad_answer,   // an answer that is not the store's signed figures: a portal, a proxy, a 503, a
                      // signature that does not verify, figures that cannot be read
    };
    Kind kind;
    std::string message;  // for a person: what answered, and what to do
};

struct SiteScoresAnswer {
    SiteScores scores;
    std::string json;  // the store's answer as received (signed), for `kiosk site-scores --json`
};

using SiteScoresResult = std::variant<SiteScoresAnswer, SiteScoresError>;

// True when the Store-Signature of `answer` is the store's (`store_key`) over the request `sent` and the
// answer's body as received (protocol::site_scores_signing_text).
bool signed_by_the_store(const HttpAnswer& answer, const SentRequest& sent,
                         const protocol::PublicKey& store_key);

// POST /v1/site-scores to the store in `config`'s [sync] table, signed with `key`. A signed
// stale-timestamp is answered by signing again once with the store's time (as the sync does).
// `stopping` abandons the transfer (SyncTransport).
SiteScoresResult fetch_site_scores(const KioskConfig& config, const KioskKey& key,
                                   const SiteScoresRequest& request, TransportLimits limits = {},
                                   std::function<bool()> stopping = {});

}  // namespace kiosk
