#include "sync_transport_route.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kiosk {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return s;
}

struct Authority {
    std::string host;
    int port = 0;  // 0: none written
    bool has_user = false;
    bool ok = false;
};

// "[user@]host[:port]", the host a name, an IPv4 address or an IPv6 address in brackets.
Authority split_authority(const std::string& text) {
    Authority a;
    std::string rest = text;
    if (std::size_t at = rest.rfind('@'); at != std::string::npos) {
        a.has_user = true;
        rest = rest.substr(at + 1);
    }
    std::string port;
    if (!rest.empty() && rest.front() == '[') {
        std::size_t close = rest.find(']');
        if (close == std::string::npos) return a;
        a.host = rest.substr(1, close - 1);
        std::string after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return a;
            port = after.substr(1);
        }
    } else {
        std::size_t colon = rest.find(':');
        a.host = rest.substr(0, colon);
        if (colon != std::string::npos) port = rest.substr(colon + 1);
    }
    if (a.host.empty()) return a;
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return a;
        a.port = std::stoi(port);
        if (a.port < 1 || a.port > 65535) return a;
    }
    a.host = lower(a.host);
    a.ok = true;
    return a;
}

// A no_proxy list names hosts, and domains whose hosts it covers ("example.org" and ".example.org"
// both cover store.example.org); "*" covers every host.
bool no_proxy_covers(const std::string& list, const std::string& host) {
    std::size_t at = 0;
    while (at <= list.size()) {
        std::size_t end = std::min(list.find(',', at), list.size());
        std::string entry = list.substr(at, end - at);
        entry.erase(0, entry.find_first_not_of(" \t"));
        entry.erase(entry.find_last_not_of(" \t") + 1);
        entry = lower(entry);
        if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
        if (entry == "*" || entry == host) return true;
        if (!entry.empty() && host.size() > entry.size() &&
            host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
            host[host.size() - entry.size() - 1] == '.')
            return true;
        at = end + 1;
    }
    return false;
}

}  // namespace

StoreRoute route_to_store(const SyncConfig& config,
                          const std::function<const char*(const char*)>& environment) {
    auto env = [&](const char* name) -> std::string {
        const char* value = environment ? environment(name) : std::getenv(name);
        return value ? value : "";
    };
    StoreRoute route;
    // The configuration check (sync_url_problem) let only an absolute http(s) URL with a host through.
    const std::string& url = config.url;
    std::size_t scheme_end = url.find("://");
    std::string scheme = lower(url.substr(0, scheme_end));
    std::size_t authority_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    std::size_t path_start = std::min(url.find_first_of("/?#", authority_start), url.size());
    Authority store = split_authority(url.substr(authority_start, path_start - authority_start));
    std::string path = url.substr(path_start);
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (scheme_end == std::string::npos || (scheme != "https" && scheme != "http") || !store.ok ||
        store.has_user || path.find_first_of("?#") != std::string::npos) {
        route.problem = "sync.url '" + url + "' is not a store address this kiosk can use";
        return route;
    }
    route.tls = scheme == "https";
    route.host = store.host;
    route.port = store.port ? store.port : route.tls ? 443 : 80;
    route.base_path = path;
    if (!route.tls) return route;  // a store on this same machine: never through a proxy

    std::string proxy = config.proxy;
    std::string from = "sync.proxy";
    if (proxy.empty()) {
        proxy = env("https_proxy");
        if (proxy.empty()) proxy = env("HTTPS_PROXY");
        from = "the https_proxy environment variable";
        std::string no_proxy = env("no_proxy");
        if (no_proxy.empty()) no_proxy = env("NO_PROXY");
        if (proxy.empty() || no_proxy_covers(no_proxy, route.host)) return route;
    }
    std::size_t proxy_scheme_end = proxy.find("://");
    std::string proxy_scheme =
        proxy_scheme_end == std::string::npos ? "http" : lower(proxy.substr(0, proxy_scheme_end));
    std::string rest = proxy_scheme_end == std::string::npos ? proxy : proxy.substr(proxy_scheme_end + 3);
    if (std::size_t slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
    Authority through = split_authority(rest);
    if (proxy_scheme != "http") {
        route.problem = from + " '" + proxy + "': only an http:// proxy is supported";
    } else if (!through.ok) {
        route.problem = from + " '" + proxy + "' is not a proxy address like http://proxy.example.org:3128";
    } else if (through.has_user) {
        route.problem =
            from + " '" + proxy + "': a proxy that needs a user name and password is not supported";
    } else {
        route.proxy_host = through.host;
        route.proxy_port = through.port ? through.port : 1080;  // libcurl's default proxy port
    }
    return route;
}

}  // namespace kiosk
