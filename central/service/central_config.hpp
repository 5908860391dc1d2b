// kiosk-central's configuration: a TOML file (central/central.toml.example documents every key).
// Reading it checks every key; the error names the file, the line, the key and what is wrong.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace central {

// The configuration cannot be used: exit 78 (EX_CONFIG). The message lists every problem found.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What the store allows per request and kiosk. The defaults are the protocol's (docs/protocol.md,
// "Limits"); a store that lowers them refuses kiosks that follow the protocol.
struct Limits {
    std::int64_t body_bytes = 1 << 20;          // a request body as sent
    std::int64_t decoded_body_bytes = 4 << 20;  // after Content-Encoding: gzip
    int requests_per_minute = 120;              // per kiosk, per instance
    int clock_skew_seconds = 900;
    int retry_after_seconds = 30;  // Retry-After on 503 (database unreachable)
};

struct CentralConfig {
    std::string path;  // the file read, for messages
    std::string store_id;
    std::string database;  // "sqlite:/path" or "postgresql://…"
    std::string key_file;  // relative paths in the file are taken from the file's folder
    std::string tls_certificate;
    std::string tls_key;
    std::string listen_host = "127.0.0.1";
    int listen_port = 8443;  // 0: pick a free port (tests)
    int threads = 8;
    int database_connections = 8;
    Limits limits;
};

// Throws ConfigError (unreadable file, TOML syntax error, unknown key, wrong type, value out of range).
CentralConfig load_central_config(const std::string& path);

}  // namespace central
