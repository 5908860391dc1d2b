// Where the kiosk's POSTs go: the store's address, split from [sync] url, and the HTTP proxy they go
// through, from [sync] proxy or, without one, the https_proxy and no_proxy environment variables (as
// libcurl, the kiosk's earlier transport, read them). A store on this same machine (http) is reached
// directly, whatever the environment says.
#pragma once
#include <functional>
#include <string>

#include "config.hpp"

namespace kiosk {

struct StoreRoute {
    bool tls = true;   // https; false only for http to this same machine
    std::string host;  // lower case; an IPv6 address without its brackets
    int port = 443;
    std::string base_path;   // "" or "/prefix", never ending in '/'
    std::string proxy_host;  // empty: straight to the store
    int proxy_port = 0;
    std::string problem;  // not empty: the route cannot be used as configured, and says why
};

// `environment` reads a variable (std::getenv unless a test gives its own); nullptr when unset.
StoreRoute route_to_store(const SyncConfig& config,
                          const std::function<const char*(const char*)>& environment = {});

}  // namespace kiosk
