// The `kiosk` command: runs the kiosk, or checks a configuration, or lists the languages it has. This
// file reads the command line (CLI11, as kiosk-central does) and wires the commands. Exit codes: 0 fine, 1
// failure at run time (or a scripted check failed), 3 sync-now left ratings set aside, 64 wrong usage, 78
// invalid configuration (systemd's RestartPreventExitStatus=78 stops a restart loop on it).
#include <malloc.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "app.hpp"
#include "catalogues.hpp"
#include "config.hpp"
#include "kiosk.hpp"
#include "kiosk_key.hpp"
#include "kiosk_status.hpp"
#include "log.hpp"
#include "outbox.hpp"
#include "pin_hash.hpp"
#include "rating_store.hpp"
#include "scores.hpp"
#include "scores_report.hpp"
#include "site_scores_command.hpp"
#include "sync_sender.hpp"
#include "sync_worker.hpp"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0.0.0"
#endif

namespace {

constexpr int exit_usage = 64;
constexpr int exit_config = 78;
// sync-now: nothing waits to be sent any more, but the store refused some ratings (set aside, kept).
constexpr int exit_set_aside = 3;

std::string executable_dir() {
    std::error_code ec;
    auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : path.parent_path().string();
}

std::string default_locale_dir() {
    if (const char* dir = std::getenv("KIOSK_LOCALE_DIR"); dir && *dir) return dir;
    std::string beside = executable_dir() + "/locale";
    if (std::filesystem::exists(beside)) return beside;
    return executable_dir() + "/../share/charter-kiosk/locale";
}

kiosk::ConfigResult load(const std::string& file, const kiosk::Catalogues& catalogues) {
    kiosk::ConfigContext context;
    context.available_languages = {catalogues.languages().begin(), catalogues.languages().end()};
    context.damaged_languages = catalogues.damaged();
    if (file.empty())
        return kiosk::load_config_text(kiosk::builtin_config_text(), "built-in kiosk.toml", context);
    return kiosk::load_config_file(file, context);
}

int report(const kiosk::ConfigResult& result) {
    for (const auto& problem : result.problems) std::cerr << kiosk::describe(problem) << "\n";
    return result.ok() ? EXIT_SUCCESS : exit_config;
}

// `kiosk sync-now`: the worker's send loop, once, in the foreground, then a heartbeat.
int sync_now(const kiosk::KioskConfig& config, bool retry_set_aside, bool test_pace) {
    if (!config.sync) {
        std::cerr << "kiosk: sync-now: the configuration has no [sync] table (docs/configuration.md)\n";
        return exit_config;
    }
    try {
        kiosk::KioskKey key = kiosk::KioskKey::load_or_create(kiosk::key_path_for(config.database));
        kiosk::Outbox outbox(config.database);
        if (retry_set_aside)
            std::cout << "batches set aside made pending again: " << outbox.retry_set_aside() << "\n";
        kiosk::SyncSender sender = kiosk::make_sender(
            config, key, outbox, {}, kiosk::SyncPacing::of(*config.sync, test_pace).transport);
        kiosk::SendLoopSummary summary =
            sender.send_pending([](const kiosk::Batch& batch, const kiosk::SendResult& result) {
                std::cout << "batch " << batch.id << " (seq " << batch.first_seq << "-" << batch.last_seq
                          << ", " << batch.ratings << " ratings): " << result.message << "\n";
            });
        // A heartbeat, so that a kiosk served only by sync-now is not blank in the fleet view. This
        // process is not the kiosk: it sends no uptime (its own would pass for the kiosk's, and its
        // start for a restart) and marks the heartbeat as sent by sync-now.
        kiosk::SendResult beat = sender.heartbeat(std::nullopt, "sync-now");
        std::int64_t waiting = outbox.pending_ratings();
        std::int64_t set_aside = outbox.set_aside_ratings();
        std::cout << "delivered " << summary.delivered << ", set aside " << summary.set_aside << ", failed "
                  << summary.failed
                  << (summary.last_error.empty() ? "" : "; last error: " + summary.last_error) << "\n"
                  << beat.message << "\n";
        if (waiting > 0) std::cout << waiting << " ratings are still waiting to be sent\n";
        if (set_aside > 0)
            std::cout << set_aside
                      << " ratings are set aside: the store refused them; they are kept and offered again "
                         "every hour ('kiosk status' shows why)\n";
        if (waiting == 0 && set_aside == 0) std::cout << "nothing left to send\n";
        return waiting > 0 ? EXIT_FAILURE : set_aside > 0 ? exit_set_aside : EXIT_SUCCESS;
    } catch (const kiosk::KeyRefused& e) {
        std::cerr << "kiosk: " << e.what() << "\n";
        return exit_config;
    } catch (const std::exception& e) {
        std::cerr << "kiosk: sync-now: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}

// One line from standard input; on a terminal without echo, so the PIN is not left on the screen.
std::optional<std::string> read_secret_line(const char* prompt) {
    bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        std::cerr << prompt << std::flush;
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << "\n";
    }
    if (!got) return std::nullopt;
    return line;
}

// `kiosk hash-pin`: the line to put in the configuration's [manager] table. The PIN comes from standard
// input (asked twice on a terminal), never from the command line, which other users can read in ps.
int hash_pin_command() {
    std::optional<std::string> pin = read_secret_line("The manager's PIN (4 to 12 digits): ");
    if (!pin) {
        std::cerr << "kiosk: hash-pin: no PIN on standard input\n";
        return exit_usage;
    }
    if (std::string problem = kiosk::pin_problem(*pin); !problem.empty()) {
        std::cerr << "kiosk: hash-pin: " << problem << "\n";
        return exit_usage;
    }
    if (::isatty(STDIN_FILENO)) {
        std::optional<std::string> again = read_secret_line("The same PIN again: ");
        if (!again || *again != *pin) {
            std::cerr << "kiosk: hash-pin: the two PINs differ; nothing made\n";
            return exit_usage;
        }
    }
    try {
        std::cout << "pin_hash = \"" << kiosk::hash_pin(*pin) << "\"\n";
        return EXIT_SUCCESS;
    } catch (const std::exception& e) {
        std::cerr << "kiosk: hash-pin: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}

// `kiosk scores`: the figures on a read-only connection of their own, beside the kiosk or without it.
int scores(const kiosk::KioskConfig& config, const kiosk::ScoresQuery& query, bool json,
           std::optional<std::int64_t> now_ms) {
    try {
        kiosk::Scoreboard board(config.database, kiosk::scores_settings(config));
        std::int64_t now = now_ms ? *now_ms
                                  : std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
        kiosk::Scores s = board.scores(query, now);
        std::cout << (json ? kiosk::scores_json(s) : kiosk::scores_text(s));
        return EXIT_SUCCESS;
    } catch (const std::exception& e) {
        std::cerr << "kiosk: scores: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}

// glibc's malloc, set for a kiosk that runs for months in little memory (docs/performance.md):
// - fixed thresholds: by default glibc raises its mmap and trim thresholds to the size of the largest
//   block freed (the font files and the atlas's pixels, megabytes, freed after the first frame), and
//   then keeps up to twice that of freed memory in the heap for good: about 4 MB here. Fixed at the
//   default 128 KiB, large blocks are mapped and unmapped on their own and a free top of the heap
//   is given back.
// - one arena: the sync worker would otherwise get an arena of its own (64 MiB reserved, some 0.7 MB
//   used); its few allocations a minute share the main one.
void set_up_malloc() {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    mallopt(M_ARENA_MAX, 1);
}

}  // namespace

int main(int argc, char** argv) {
    set_up_malloc();
    ::umask(077);  // databases, logs and keys: readable by the kiosk user only
    CLI::App app{
        "kiosk: a citizen rates a counter visit against the service charter, on a touch screen.\n"
        "Without a command it runs the kiosk (as 'kiosk run'). See README.md and docs/."};
    app.fallthrough();  // --config and --locale-dir may come before or after the command
    app.set_version_flag("--version", std::string("kiosk ") + KIOSK_VERSION);
    std::string config_file, locale_dir = default_locale_dir();
    kiosk::ui::AppOptions options;
    kiosk::KioskOptions kiosk_options;
    app.add_option("--config", config_file,
                   "configuration to run on (default: the built-in one, firmware-config/kiosk.toml)");
    app.add_option("--locale-dir", locale_dir,
                   "compiled catalogues (default: $KIOSK_LOCALE_DIR, or beside the program)");
    app.add_flag("--windowed", options.windowed,
                 "development: a plain window instead of full screen; Escape quits");
    app.add_option("--script", options.script,
                   "replay a scripted visit (docs/scripted-mode.md); exits 0 when every check held");
    app.add_option("--screenshots", options.screenshots, "where the script's screenshots go");
    app.add_option("--tap-latency-file", options.tap_latency_file,
                   "benchmark: with --script, write each tap's time from finger lift to the end of its save "
                   "(microseconds, one a line) to FILE when the script ends");
    app.add_option("--first-frame-file", options.first_frame_file,
                   "benchmark and tests: write the wall clock (ms since 1970) to FILE once the first frame "
                   "is on screen");
    // For the project's own tests: the sync worker's pace in tenths of a second instead of seconds.
    app.add_flag("--test-sync-pace", kiosk_options.test_sync_pace,
                 "tests only: retry, look and heartbeat every fraction of a second")
        ->group("");

    app.add_subcommand("run", "run the kiosk (the default)");
    auto check =
        app.add_subcommand("check-config",
                           "print every problem of FILE (or of the built-in configuration) with file, "
                           "line and key; exit 0 when the kiosk would start on it, 78 when not");
    check->add_option("FILE", config_file, "the configuration to check");
    app.add_subcommand("languages", "the catalogues found, each with its own name");
    app.add_subcommand(
        "enrolment-code",
        "print the code IT gives the central store to enrol this kiosk (its id and public key), "
        "making the kiosk's key if it has none yet");
    app.add_subcommand("status",
                       "version, configuration, database health, ratings held and not yet sent, the sync's "
                       "state and latest alerts; reads on a connection of its own, so it may run beside the "
                       "kiosk; exit 0 when all is well");
    bool retry_set_aside = false;
    auto sync = app.add_subcommand(
        "sync-now",
        "send the pending ratings to the central store now, in the foreground, then a heartbeat (marked as "
        "sent by sync-now); may run beside the kiosk. Offers the batches the store refused (set aside) again "
        "first, as the kiosk does every hour. Exit 0: every rating delivered; 1: ratings still wait (store "
        "unreachable or 'later'); 3: none waits but some are set aside ('kiosk status' says why); 78: no "
        "usable [sync] table");
    sync->add_flag("--retry-set-aside", retry_set_aside,
                   "offer the set-aside batches again (the default; kept for scripts)");
    app.add_subcommand("hash-pin",
                       "read the manager's PIN (4 to 12 digits) from standard input and print the line "
                       "'pin_hash = \"…\"' (Argon2id) for the configuration's [manager] table; the PIN is "
                       "never kept (docs/manager.md)");
    kiosk::ScoresQuery scores_query;
    std::string scores_period = kiosk::to_string(scores_query.period);
    bool scores_json = false;
    std::optional<std::int64_t> scores_now_ms;
    auto scores_command = app.add_subcommand(
        "scores",
        "the manager's scores over a period in the site's time zone (site.time_zone): ratings and average "
        "grade against the target, grades, end reasons, bursts, each norm's average and place in the "
        "priority "
        "matrix, the trend, busiest hours and languages (docs/manager.md). Reads on a connection of its own, "
        "so it may run beside the kiosk; exit 0 when the figures were read, 1 when the database could not be "
        "read");
    scores_command
        ->add_option("--period", scores_period, "today, 7d, 30d or 12m (this ISO week and the 52 before)")
        ->check(CLI::IsMember({"today", "7d", "30d", "12m"}))
        ->capture_default_str();
    scores_command->add_option("--counter", scores_query.counter, "only this counter (default: all)");
    scores_command->add_option("--service", scores_query.service,
                               "only this service (life event id, e.g. passport; default: all)");
    scores_command->add_flag(
        "--with-bursts", scores_query.with_bursts,
        "count the ratings flagged as a burst in every figure (default: left out, counted "
        "apart)");
    scores_command->add_flag("--json", scores_json, "JSON for scripts (docs/manager.md names every field)");
    // For the project's own tests: the scores as they would be at this UTC time (ms since 1970).
    scores_command
        ->add_option("--test-now-ms", scores_now_ms, "tests only: the time to compute the scores at")
        ->group("");
    kiosk_cli::SiteScoresOptions site_scores_options;
    kiosk_cli::add_site_scores_command(app, site_scores_options);
    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_usage;
    }
    std::string command = app.get_subcommands().empty() ? "run" : app.get_subcommands().front()->get_name();
    if (command == "hash-pin") return hash_pin_command();

    kiosk::Catalogues catalogues(locale_dir);
    if (command == "languages") {
        int code = EXIT_SUCCESS;
        for (const auto& lang : catalogues.languages()) {
            try {
                std::cout << lang << "\t" << catalogues.endonym(lang) << "\n";
            } catch (const std::exception& e) {
                std::cerr << "kiosk: " << e.what() << "\n";
                code = exit_config;
            }
        }
        for (const auto& [lang, what] : catalogues.damaged()) {
            std::cerr << "kiosk: language '" << lang << "' is left out: " << what << "\n";
            code = exit_config;
        }
        return code;
    }
    if (catalogues.languages().empty() && catalogues.damaged().empty()) {
        std::cerr << "kiosk: no language catalogues in " << locale_dir << " (build the 'locales' target)\n";
        return exit_config;
    }
    kiosk::ConfigResult result = load(config_file, catalogues);
    if (command == "status") {
        std::cout << "kiosk " << KIOSK_VERSION << "\n";
        std::cout << "configuration " << (config_file.empty() ? "built-in kiosk.toml" : config_file) << ": "
                  << (result.ok() ? "ok" : "INVALID (kiosk check-config says why)") << "\n";
        if (!result.ok()) return exit_config;
        kiosk::KioskStatus status = kiosk::read_status(result.config->database);
        if (result.config->sync) status.sync_url = result.config->sync->url;
        std::cout << kiosk::describe(status);
        return !status.exists || status.health == "ok" ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    if (command == "check-config") {
        int code = report(result);
        if (result.ok()) std::cerr << (config_file.empty() ? "built-in kiosk.toml" : config_file) << ": OK\n";
        return code;
    }
    if (!result.ok()) {
        report(result);
        std::cerr << "kiosk: not starting on an invalid configuration\n";
        return exit_config;
    }
    for (const auto& problem : result.problems) kiosk::log_warning(kiosk::describe(problem));
    const kiosk::KioskConfig& config = *result.config;

    if (command == "enrolment-code") {
        try {
            std::cout << kiosk::enrolment_code(config.kiosk_id, kiosk::KioskKey::load_or_create(
                                                                    kiosk::key_path_for(config.database)))
                      << "\n";
            return EXIT_SUCCESS;
        } catch (const kiosk::KeyRefused& e) {
            std::cerr << "kiosk: " << e.what() << "\n";
            return exit_config;
        } catch (const std::exception& e) {
            std::cerr << "kiosk: " << e.what() << "\n";
            return EXIT_FAILURE;
        }
    }
    if (command == "sync-now") return sync_now(config, retry_set_aside, kiosk_options.test_sync_pace);
    if (command == "scores") {
        scores_query.period = *kiosk::scores_period_named(scores_period);
        return scores(config, scores_query, scores_json, scores_now_ms);
    }
    if (command == "site-scores") {
        site_scores_options.test_pace = kiosk_options.test_sync_pace;
        return kiosk_cli::site_scores(config, site_scores_options);
    }
    try {
        kiosk::Kiosk kiosk(config, std::random_device{}(), kiosk_options);
        kiosk::log_info("kiosk " + config.kiosk_id + " starting; ratings in " + config.database);
        return kiosk::ui::run_kiosk(kiosk, catalogues, options);
    } catch (const kiosk::KeyRefused& e) {
        kiosk::log_error(std::string("Unable to use the kiosk's key: ") + e.what());
        return exit_config;
    } catch (const kiosk::DatabaseRefused& e) {
        kiosk::log_error(std::string("Unable to use the database: ") + e.what());
        return exit_config;  // a restart would change nothing: systemd stops on 78
    } catch (const std::exception& e) {
        kiosk::log_error(e.what());
        return EXIT_FAILURE;
    }
}
