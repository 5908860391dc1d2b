#include "central_config.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <vector>

#include "protocol/ids.hpp"

namespace central {
namespace {

// Gathers every problem of the file, so IT fixes them in one go.
class Checker {
  public:
    explicit Checker(std::string path) : path_(std::move(path)) {}

    void error(const toml::node* node, const std::string& key, const std::string& message) {
        std::ostringstream line;
        line << path_;
        if (node && node->source().begin.line) line << ":" << node->source().begin.line;
        line << ": " << key << ": " << message;
        errors_.push_back(line.str());
    }

    void unknown_keys(const toml::table& table, const std::string& prefix,
                      const std::set<std::string>& known) {
        for (const auto& [key, node] : table) {
            std::string name(key.str());
            if (!known.count(name))
                error(&node, prefix + name, "unknown key (a typo?); the keys are listed in kiosk-central(1)");
        }
    }

    std::string text(const toml::table& t, const std::string& prefix, const char* name, std::string fallback,
                     bool required) {
        const toml::node* node = t.get(name);
        if (!node) {
            if (required) error(nullptr, prefix + name, "missing; it is required");
            return fallback;
        }
        if (!node->is_string()) {
            error(node, prefix + name, "must be a string (in quotes)");
            return fallback;
        }
        return node->as_string()->get();
    }

    std::int64_t integer(const toml::table& t, const std::string& prefix, const char* name,
                         std::int64_t fallback, std::int64_t low, std::int64_t high) {
        const toml::node* node = t.get(name);
        if (!node) return fallback;
        if (!node->is_integer()) {
            error(node, prefix + name, "must be a whole number");
            return fallback;
        }
        std::int64_t value = node->as_integer()->get();
        if (value < low || value > high) {
            error(node, prefix + name,
                  "must be from " + std::to_string(low) + " to " + std::to_string(high) + ", not " +
                      std::to_string(value));
            return fallback;
        }
        return value;
    }

    const toml::table* table(const toml::table& parent, const char* name) {
        const toml::node* node = parent.get(name);
        if (!node) return nullptr;
        if (!node->is_table()) {
            error(node, name, "must be a table ([" + std::string(name) + "])");
            return nullptr;
        }
        return node->as_table();
    }

    void finish() const {
        if (errors_.empty()) return;
        std::string all;
        for (const auto& e : errors_) all += (all.empty() ? "" : "\n") + e;
        throw ConfigError(all);
    }

  private:
    std::string path_;
    std::vector<std::string> errors_;
};

std::string beside(const std::string& config_path, const std::string& path) {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (std::filesystem::path(config_path).parent_path() / path).lexically_normal().string();
}

}  // namespace

CentralConfig load_central_config(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream message;
        message << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
                << e.description();
        if (!std::filesystem::exists(path))
            message.str(path + ": Unable to read the configuration: no such file");
        throw ConfigError(message.str());
    }

    CentralConfig c;
    c.path = path;
    Checker check(path);
    check.unknown_keys(
        root, "",
        {"store_id", "database", "key_file", "tls_certificate", "tls_key", "threads", "listen", "limits"});
    c.store_id = check.text(root, "", "store_id", "", true);
    if (root.get("store_id") && !c.store_id.empty() && !protocol::is_kiosk_id(c.store_id))
        check.error(root.get("store_id"), "store_id",
                    "'" + c.store_id + "' must be 1 to 64 characters from A-Z a-z 0-9 . _ -");
    c.database = check.text(root, "", "database", "", true);
    c.key_file = beside(path, check.text(root, "", "key_file", "central.key", false));
    c.tls_certificate = beside(path, check.text(root, "", "tls_certificate", "", false));
    c.tls_key = beside(path, check.text(root, "", "tls_key", "", false));
    if (c.tls_certificate.empty() != c.tls_key.empty())
        check.error(root.get(c.tls_key.empty() ? "tls_certificate" : "tls_key"),
                    c.tls_key.empty() ? "tls_key" : "tls_certificate",
                    "missing; tls_certificate and tls_key go together (HTTPS needs both)");
    c.threads = static_cast<int>(check.integer(root, "", "threads", c.threads, 1, 1024));

    if (const toml::table* listen = check.table(root, "listen")) {
        check.unknown_keys(*listen, "listen.", {"host", "port"});
        c.listen_host = check.text(*listen, "listen.", "host", c.listen_host, false);
        if (c.listen_host.empty()) check.error(listen->get("host"), "listen.host", "must not be empty");
        c.listen_port = static_cast<int>(check.integer(*listen, "listen.", "port", c.listen_port, 0, 65535));
    }
    if (const toml::table* limits = check.table(root, "limits")) {
        check.unknown_keys(*limits, "limits.",
                           {"body_bytes", "decoded_body_bytes", "requests_per_minute", "clock_skew_seconds",
                            "retry_after_seconds", "database_connections"});
        Limits& l = c.limits;
        l.body_bytes =
            check.integer(*limits, "limits.", "body_bytes", l.body_bytes, 1024, std::int64_t{1} << 30);
        l.decoded_body_bytes = check.integer(*limits, "limits.", "decoded_body_bytes", l.decoded_body_bytes,
                                             1024, std::int64_t{1} << 32);
        l.requests_per_minute = static_cast<int>(
            check.integer(*limits, "limits.", "requests_per_minute", l.requests_per_minute, 1, 1000000));
        l.clock_skew_seconds = static_cast<int>(
            check.integer(*limits, "limits.", "clock_skew_seconds", l.clock_skew_seconds, 1, 86400));
        l.retry_after_seconds = static_cast<int>(
            check.integer(*limits, "limits.", "retry_after_seconds", l.retry_after_seconds, 1, 3600));
        c.database_connections = static_cast<int>(
            check.integer(*limits, "limits.", "database_connections", c.database_connections, 1, 1000));
    }
    check.finish();
    return c;
}

}  // namespace central
