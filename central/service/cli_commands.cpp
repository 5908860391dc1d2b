#include "cli_commands.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "admin_token.hpp"
#include "central_config.hpp"
#include "fleet_view.hpp"
#include "protocol/ids.hpp"
#include "protocol/utc_text.hpp"
#include "ratings_csv.hpp"
#include "service.hpp"
#include "store_key.hpp"

namespace central {
namespace {

void say(const std::string& line) { std::cerr << "kiosk-central: " << line << std::endl; }

// Runs a command with the configuration and, when `with_ledger`, the database open; turns the
// failures every command shares into their exit codes and messages.
template <typename Body>
int with_config(const std::string& config_path, bool with_ledger, Body body) {
    try {
        CentralConfig config = load_central_config(config_path);
        std::unique_ptr<Ledger> ledger;
        if (with_ledger) {
            try {
                ledger = open_ledger(config.database, config.database_connections);
            } catch (const std::invalid_argument& e) {
                throw ConfigError(config_path + ": database: " + e.what());
            }
        }
        return body(config, ledger.get());
    } catch (const ConfigError& e) {
        say(e.what());
        return exit_config;
    } catch (const StoreKeyRefused& e) {
        say(e.what());
        return exit_config;
    } catch (const LedgerUnavailable& e) {
        say(std::string("the database cannot be reached: ") + e.what());
        return exit_failure;
    } catch (const std::exception& e) {
        say(e.what());
        return exit_failure;
    }
}

}  // namespace

int command_serve(const std::string& config_path) {
    return with_config(config_path, true, [&](const CentralConfig& config, Ledger* ledger) {
        StoreKey key = StoreKey::load(config.key_file);
        int schema = ledger->migrate();
        // SIGINT and SIGTERM are taken by one watcher thread (the pool's threads inherit the mask);
        // a write to a client that has gone must not kill the process.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        signal(SIGPIPE, SIG_IGN);

        Service service(service_options(config), *ledger, key, system_now_ms, log_to_stderr);
        try {
            service.bind();
        } catch (const ServiceError& e) {
            say(e.what());
            return exit_config;
        }
        std::atomic<bool> finished{false};
        std::thread watcher([&] {
            timespec poll{0, 200 * 1000 * 1000};
            while (!finished) {
                int signal_number = sigtimedwait(&stop_signals, nullptr, &poll);
                if (signal_number > 0) {
                    say(std::string("stopping on ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
                    service.stop();
                    return;
                }
            }
        });
        say("store " + config.store_id + ", database " + redacted(config.database) + " (" +
            ledger->backend() + ", schema " + std::to_string(schema) + "), " +
            std::to_string(config.threads) + " threads, public key " + key.public_key_text());
        std::cout << "listening on " << service.url() << std::endl;
        service.run();
        finished = true;
        watcher.join();
        say("stopped");
        return exit_ok;
    });
}

int command_init(const std::string& config_path) {
    return with_config(config_path, false, [&](const CentralConfig& config, Ledger*) {
        bool created = false;
        StoreKey key = StoreKey::load_or_create(config.key_file, created);
        say(created ? "made the store's key " + config.key_file
                    : "the store's key " + config.key_file + " is there already; it was not changed");
        say("give each kiosk this public key (its configuration's [sync] table):");
        std::cout << key.public_key_text() << std::endl;
        return exit_ok;
    });
}

int command_migrate(const std::string& config_path) {
    return with_config(config_path, true, [&](const CentralConfig& config, Ledger* ledger) {
        int version = ledger->migrate();
        say("the database " + redacted(config.database) + " is at schema " + std::to_string(version));
        return exit_ok;
    });
}

int command_enrol(const std::string& config_path, const std::string& code_text) {
    std::string why;
    std::optional<protocol::EnrolmentCode> code = protocol::read_enrolment_code(code_text, why);
    if (!code) {
        say("the enrolment code cannot be used: " + why);
        return exit_usage;
    }
    return with_config(config_path, true, [&](const CentralConfig&, Ledger* ledger) {
        ledger->migrate();
        if (!ledger->enrol(code->kiosk_id, code->public_key, system_now_ms())) {
            say("the kiosk " + code->kiosk_id + " is already enrolled; enrolment never replaces a key");
            return exit_failure;
        }
        say("enrolled the kiosk " + code->kiosk_id);
        return exit_ok;
    });
}

int command_revoke(const std::string& config_path, const std::string& kiosk_id) {
    return with_config(config_path, true, [&](const CentralConfig&, Ledger* ledger) {
        ledger->migrate();
        if (!ledger->revoke(kiosk_id, system_now_ms())) {
            say("the kiosk " + kiosk_id + " is not enrolled at this store");
            return exit_failure;
        }
        say("revoked the kiosk " + kiosk_id + ": its requests are refused from now on");
        return exit_ok;
    });
}

int command_export(const std::string& config_path, const ExportFilter& filter, const std::string& output) {
    for (const auto& date : {filter.from, filter.to}) {
        if (date && !protocol::is_utc_date(*date)) {
            say("'" + *date +
                "' is not a date like 2026-11-30 (--from and --to are UTC dates, --to exclusive)");
            return exit_usage;
        }
    }
    return with_config(config_path, true, [&](const CentralConfig&, Ledger* ledger) {
        ledger->migrate();
        std::ofstream file;
        if (!output.empty()) {
            file.open(output, std::ios::binary | std::ios::trunc);
            if (!file) throw std::runtime_error("Unable to write " + output);
        }
        std::ostream& out = output.empty() ? std::cout : file;
        std::size_t lines = 0;
        write_ratings_csv(*ledger, filter, system_now_ms(), [&](const std::string& line) {
            out << line;
            ++lines;
        });
        out.flush();
        if (!out)
            throw std::runtime_error("Unable to write " + (output.empty() ? std::string("stdout") : output));
        say("exported " + std::to_string(lines - 1) + " ratings" + (output.empty() ? "" : " to " + output));
        return exit_ok;
    });
}

int command_fleet(const std::string& config_path, bool json) {
    return with_config(config_path, true, [&](const CentralConfig&, Ledger* ledger) {
        ledger->migrate();
        nlohmann::json fleet = fleet_json(ledger->fleet(), system_now_ms());
        std::cout << (json ? fleet.dump(2) + "\n" : fleet_table(fleet));
        return exit_ok;
    });
}

int command_admin_token(const std::string& config_path, const std::string& label) {
    return with_config(config_path, true, [&](const CentralConfig&, Ledger* ledger) {
        ledger->migrate();
        std::string token = make_admin_token();
        ledger->add_admin_token(admin_token_hash(token), label, system_now_ms());
        say("made an admin token labelled '" + label +
            "'; it is shown once, here, and the store keeps only its hash. Send it as "
            "'Authorization: Bearer <token>'");
        std::cout << token << std::endl;
        return exit_ok;
    });
}

}  // namespace central
