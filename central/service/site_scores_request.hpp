// Reads and checks the body of POST /v1/site-scores (docs/protocol.md, "A site's figures"): the period,
// the optional counter and service, whether bursts count, and the site's time zone. The site is never
// the request's: the endpoint takes it from the ledger (the kiosk's own). Unknown members are ignored.
#pragma once
#include <optional>
#include <string>

#include "ledger.hpp"
#include "problem.hpp"

namespace central {

// Fills every member of `out` but `site` and `now_ms`, or answers 400 malformed-request (not a JSON
// object, a member missing or of the wrong type), bad-period or bad-time-zone, naming what is wrong.
std::optional<Problem> read_site_scores_request(const std::string& body, SiteScoresQuery& out);

}  // namespace central
