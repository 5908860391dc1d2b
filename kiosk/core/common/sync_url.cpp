#include "sync_url.hpp"

#include <uriparser/Uri.h>

#include <algorithm>
#include <cctype>

namespace kiosk {
namespace {

std::string text_of(const UriTextRangeA& range) {
    return range.first && range.afterLast ? std::string(range.first, range.afterLast) : std::string();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return s;
}

}  // namespace

bool SyncUrl::loopback() const { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

std::optional<SyncUrl> parse_sync_url(const std::string& text) {
    UriUriA uri;
    const char* error_at = nullptr;
    if (uriParseSingleUriA(&uri, text.c_str(), &error_at) != URI_SUCCESS) return std::nullopt;
    SyncUrl url;
    url.scheme = lower(text_of(uri.scheme));
    url.host = lower(text_of(uri.hostText));
    url.port = text_of(uri.portText);
    for (const UriPathSegmentA* segment = uri.pathHead; segment; segment = segment->next)
        url.path += "/" + text_of(segment->text);
    uriFreeUriMembersA(&uri);
    if (url.scheme.empty() || url.host.empty()) return std::nullopt;
    if (!url.port.empty() && !std::all_of(url.port.begin(), url.port.end(), ::isdigit)) return std::nullopt;
    return url;
}

std::string sync_url_problem(const std::string& url) {
    std::optional<SyncUrl> parsed = parse_sync_url(url);
    if (!parsed) return "'" + url + "' is not a URL like https://store.example.org";
    if (parsed->scheme == "https") return "";
    if (parsed->scheme == "http" && parsed->loopback()) return "";
    if (parsed->scheme == "http")
        return "'" + url +
               "' is http: ratings travel only over https (http only to a store on this same machine: "
               "127.0.0.1, ::1 or localhost)";
    return "'" + url + "' must start with https://";
}

}  // namespace kiosk
