#include "site_scores_command.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "kiosk_key.hpp"
#include "site_scores_client.hpp"
#include "sync_worker.hpp"

namespace kiosk_cli {
namespace {

constexpr int exit_config = 78;

// The machine's IANA zone: $TZ when it names one, else /etc/timezone (Debian), else the zoneinfo file
// /etc/localtime links to, else UTC. The store checks the name and refuses one it does not know.
std::string machine_time_zone() {
    if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0')
        return std::string(tz[0] == ':' ? tz + 1 : tz);
    std::ifstream file("/etc/timezone");
    std::string zone;
    if (file && std::getline(file, zone) && !zone.empty()) return zone;
    std::error_code error;
    const std::string target = std::filesystem::read_symlink("/etc/localtime", error).string();
    const std::string marker = "zoneinfo/";
    if (!error && target.find(marker) != std::string::npos)
        return target.substr(target.find(marker) + marker.size());
    return "UTC";
}

std::string average_text(const std::optional<double>& average) {
    if (!average) return "-";
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << *average;
    return out.str();
}

void print(const kiosk::SiteScores& s) {
    std::cout << "site " << s.site << " (" << s.kiosks << " kiosks), " << s.period << ": " << s.first_day
              << " to " << s.last_day << " in " << s.time_zone << ", computed " << s.computed_at << " by "
              << s.store_id << "\n"
              << "ratings " << s.count << ", average grade " << average_text(s.average_grade) << ", bursts "
              << s.bursts << (s.with_bursts ? " (counted)" : " (left out)") << "\n";
    for (const auto& [norm, n] : s.norms)
        std::cout << "norm " << norm << ": average " << average_text(n.average) << ", " << n.answers
                  << " answers, " << n.not_applicable << " not applicable\n";
}

}  // namespace

void add_site_scores_command(CLI::App& app, SiteScoresOptions& options) {
    CLI::App* command =
        app.add_subcommand("site-scores",
                           "the figures of this kiosk's whole site (every kiosk of it) from the central "
                           "store, in a request signed "
                           "with the kiosk's key; only an answer signed by the store is shown. Exit 0: the "
                           "figures; 1: the store "
                           "cannot be reached, refuses, or something else answered; 78: no [sync] table");
    command->add_option("--period", options.period, "today, 7d, 30d or 12m")
        ->check(CLI::IsMember({"today", "7d", "30d", "12m"}))
        ->capture_default_str();
    command->add_option("--counter", options.counter, "one counter only (default: all)");
    command->add_option("--service", options.service, "one service (life event) only (default: all)");
    command->add_flag("--with-bursts", options.with_bursts,
                      "count ratings flagged as one of a burst in every figure");
    command->add_option("--time-zone", options.time_zone,
                        "the site's IANA time zone for its days and hours (default: the machine's)");
    command->add_flag("--json", options.json, "print the store's signed answer as it came (JSON)");
}

int site_scores(const kiosk::KioskConfig& config, const SiteScoresOptions& options) {
    kiosk::SiteScoresRequest request;
    request.period = options.period;
    if (!options.counter.empty()) request.counter = options.counter;
    if (!options.service.empty()) request.service = options.service;
    request.with_bursts = options.with_bursts;
    request.time_zone = options.time_zone.empty() ? machine_time_zone() : options.time_zone;
    if (!config.sync) {
        // Before the key: a kiosk with no store to ask has no reason to make one.
        std::cerr << "kiosk: site-scores: this kiosk has no [sync] table, so no central store to ask for its "
                     "site's figures (docs/configuration.md)\n";
        return exit_config;
    }
    try {
        kiosk::KioskKey key = kiosk::KioskKey::load_or_create(kiosk::key_path_for(config.database));
        kiosk::TransportLimits limits = kiosk::SyncPacing::of(*config.sync, options.test_pace).transport;
        kiosk::SiteScoresResult result = kiosk::fetch_site_scores(config, key, request, limits);
        if (const auto* error = std::get_if<kiosk::SiteScoresError>(&result)) {
            std::cerr << "kiosk: site-scores: " << error->message << "\n";
            return error->kind == kiosk::SiteScoresError::Kind::no_sync ? exit_config : EXIT_FAILURE;
        }
        const auto& answer = std::get<kiosk::SiteScoresAnswer>(result);
        if (options.json)
            std::cout << answer.json << "\n";
        else
            print(answer.scores);
        return EXIT_SUCCESS;
    } catch (const kiosk::KeyRefused& e) {
        std::cerr << "kiosk: " << e.what() << "\n";
        return exit_config;
    } catch (const std::exception& e) {
        std::cerr << "kiosk: site-scores: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}

}  // namespace kiosk_cli
