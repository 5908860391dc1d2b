// kiosk-central: the central store the kiosks send their ratings to (docs/protocol.md). This file reads
// the command line (CLI11); the commands are in central/service/cli_commands.cpp, documented in
// kiosk-central(1).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_commands.hpp"

int main(int argc, char** argv) {
    using namespace central;
    CLI::App app{"kiosk-central: the central store for the charter kiosks' ratings (see kiosk-central(1))"};
    app.require_subcommand(1);
    std::string config = "/etc/kiosk-central/central.toml";
    auto with_config = [&](CLI::App* command) {
        command->add_option("--config", config, "the configuration file (TOML)")->capture_default_str();
        return command;
    };
    int code = exit_ok;

    auto serve = with_config(app.add_subcommand("serve", "serve the kiosks and IT over HTTPS until SIGTERM"));
    serve->callback([&] { code = command_serve(config); });

    auto init =
        with_config(app.add_subcommand("init", "make the store's key (if absent), print its public key"));
    init->callback([&] { code = command_init(config); });

    auto migrate = with_config(app.add_subcommand("migrate", "bring the database's schema up to date"));
    migrate->callback([&] { code = command_migrate(config); });

    std::string enrolment_code;
    auto enrol = with_config(app.add_subcommand("enrol", "accept a kiosk by its enrolment code"));
    enrol->add_option("CODE", enrolment_code, "the code 'kiosk enrolment-code' printed: CK1.<kiosk id>.<key>")
        ->required();
    enrol->callback([&] { code = command_enrol(config, enrolment_code); });

    std::string kiosk_id;
    auto revoke = with_config(app.add_subcommand("revoke", "refuse a kiosk's requests from now on"));
    revoke->add_option("ID", kiosk_id, "the kiosk's id")->required();
    revoke->callback([&] { code = command_revoke(config, kiosk_id); });

    ExportFilter filter;
    std::string output;
    auto exporting = with_config(app.add_subcommand("export", "write the ratings as CSV"));
    auto optional_text = [&](const char* name, std::optional<std::string>& field, const char* help) {
        exporting->add_option_function<std::string>(
            name, [&field](const std::string& v) { field = v; }, help);
    };
    optional_text("--site", filter.site, "only this site");
    optional_text("--counter", filter.counter, "only this counter");
    optional_text("--service", filter.service, "only this service (life event id)");
    optional_text("--from", filter.from, "only ratings finished on or after this UTC date (YYYY-MM-DD)");
    optional_text("--to", filter.to, "only ratings finished before this UTC date (YYYY-MM-DD)");
    exporting->add_option("--output,-o", output, "write to FILE instead of standard output");
    exporting->callback([&] { code = command_export(config, filter, output); });

    bool as_json = false;
    auto fleet =
        with_config(app.add_subcommand("fleet", "show every kiosk: last seen, backlog, disk, flags"));
    fleet->add_flag("--json", as_json, "JSON, as GET /v1/fleet answers");
    fleet->callback([&] { code = command_fleet(config, as_json); });

    std::string label = "admin";
    auto token = with_config(app.add_subcommand("admin-token", "make an admin token for the IT endpoints"));
    token->add_option("--label", label, "whose token it is (kept with its hash)")->capture_default_str();
    token->callback([&] { code = command_admin_token(config, label); });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_usage;
    }
    return code;
}
