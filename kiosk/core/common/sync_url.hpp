// The central store's address as the configuration gives it ([sync] url), split by liburiparser
// (RFC 3986), so that checking a configuration needs no HTTP library.
#pragma once
#include <optional>
#include <string>

namespace kiosk {

struct SyncUrl {
    std::string scheme;  // lower case: "https", or "http" to this same machine
    std::string host;    // lower case; an IPv6 address without its brackets
    std::string port;    // as written; empty: the scheme's own
    std::string path;    // "/…", or empty
    bool loopback() const;
};

// The parts of `text`, or nothing when it is not an absolute URL with a host.
std::optional<SyncUrl> parse_sync_url(const std::string& text);

// Whether `url` may carry ratings: https, or http to this same machine (127.0.0.1, ::1, localhost).
// Empty when it may; else what is wrong with it, for a person.
std::string sync_url_problem(const std::string& url);

}  // namespace kiosk
