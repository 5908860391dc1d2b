// Picks the backend from the database URL, and hides passwords in URLs shown to people.
#include <cassert>
#include <stdexcept>

#include "ledger.hpp"
#include "postgresql_ledger.hpp"
#include "sqlite_ledger.hpp"

namespace central {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::unique_ptr<Ledger> open_ledger(const std::string& url, int pool_size) {
    assert(pool_size > 0 && "a ledger needs at least one connection");
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
        return open_postgresql_ledger(url, pool_size);
    }
    if (starts_with(url, "sqlite:")) {
        const std::string path = url.substr(7);
        if (path.empty()) throw std::invalid_argument("database URL 'sqlite:' names no file");
        return open_sqlite_ledger(path, pool_size);
    }
    if (ends_with(url, ".db") && url.find("://") == std::string::npos)
        return open_sqlite_ledger(url, pool_size);
    throw std::invalid_argument("database URL '" + redacted(url) +
                                "' is neither sqlite:/path/file.db, a path ending in .db, nor "
                                "postgresql://user@host:port/database");
}

// The password of a libpq URI sits in two places: user:PASSWORD@ in the authority, and a
// password=PASSWORD query parameter.
std::string redacted(const std::string& url) {
    std::string text = url;
    const auto scheme_end = text.find("://");
    if (scheme_end != std::string::npos) {
        const auto authority = scheme_end + 3;
        const auto authority_end = text.find_first_of("/?", authority);
        const auto at =
            text.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end - 1);
        if (at != std::string::npos && at >= authority) {
            const auto colon = text.find(':', authority);
            if (colon != std::string::npos && colon < at) text.replace(colon + 1, at - colon - 1, "***");
        }
    }
    const auto query = text.find('?');
    for (auto at = query; query != std::string::npos && at != std::string::npos;
         at = text.find('&', at + 1)) {
        const auto key = at + 1;
        if (text.compare(key, 9, "password=") == 0) {
            const auto value = key + 9;
            const auto value_end = text.find('&', value);
            text.replace(value, (value_end == std::string::npos ? text.size() : value_end) - value, "***");
        }
    }
    return text;
}

}  // namespace central
