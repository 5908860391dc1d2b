// What every endpoint of the service reads: the options, the ledger, the store's key, the clock and
// the per-kiosk rate limit. One per Service; the endpoints share it across the thread pool (the
// ledger and the rate limiter are thread-safe, the rest is read only).
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "ledger.hpp"
#include "problem.hpp"
#include "rate_limiter.hpp"
#include "service.hpp"
#include "store_key.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace central {

struct ServiceContext {
    ServiceOptions options;
    Ledger& ledger;
    const StoreKey& key;
    Clock clock;
    RateLimiter rate_limiter;
};

// The id a problem names: the kiosk's Kiosk-Request-Id when it is a UUID, else a fresh random one.
std::string request_id_of(const httplib::Request& request);

// Runs `handle`; a LedgerUnavailable it throws becomes 503 database-unavailable with Retry-After,
// anything else 500 internal-error (logged), never an exception out of the handler.
// With `reader`, a problem answered before the body was read first reads the body past (drain_body).
void answer_guarded(const ServiceContext& context, const httplib::Request& request,
                    httplib::Response& response, const std::function<std::optional<Problem>()>& handle,
                    const httplib::ContentReader* reader = nullptr);

}  // namespace central
