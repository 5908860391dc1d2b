// The commands of `kiosk-central` (central/main.cpp parses the command line; kiosk-central(1) documents
// them). Each returns the process's exit code and writes its messages to stderr, its output to stdout.
#pragma once
#include <string>

#include "ledger.hpp"

namespace central {

// Exit codes (sysexits.h): systemd and scripts tell them apart.
constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 64;
constexpr int exit_config = 78;

int command_serve(const std::string& config_path);
int command_init(const std::string& config_path);
int command_migrate(const std::string& config_path);
int command_enrol(const std::string& config_path, const std::string& code);
int command_revoke(const std::string& config_path, const std::string& kiosk_id);
// `output` empty: stdout.
int command_export(const std::string& config_path, const ExportFilter& filter, const std::string& output);
int command_fleet(const std::string& config_path, bool json);
int command_admin_token(const std::string& config_path, const std::string& label);

}  // namespace central
