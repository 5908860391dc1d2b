// `kiosk site-scores`: the kiosk's site's figures from the central store, through the kiosk's own
// client (kiosk/core/sync/site_scores_client.hpp), for IT's scripts and the integration tests.
#pragma once
#include <string>

#include "config.hpp"

namespace CLI {
class App;
}

namespace kiosk_cli {

struct SiteScoresOptions {
    std::string period = "today";
    std::string counter;  // empty: every counter
    std::string service;  // empty: every service
    bool with_bursts = false;
    std::string time_zone;  // empty: the machine's
    bool json = false;
    bool test_pace = false;  // tests: the transport's time-outs in fractions of a second
};

// Adds the subcommand and its options to `app`.
void add_site_scores_command(CLI::App& app, SiteScoresOptions& options);

// Runs it: 0 with the figures printed, 1 when the store cannot be reached, refuses, or answers
// something that is not its signed figures (stderr says which), 78 without a [sync] table or a usable key.
int site_scores(const kiosk::KioskConfig& config, const SiteScoresOptions& options);

}  // namespace kiosk_cli
