#include "sync_transport.hpp"

#include <curl/curl.h>

#include <cassert>
#include <cctype>
#include <ctime>
#include <mutex>

#include "sync_url.hpp"

namespace kiosk {
namespace {

constexpr long connect_timeout_s = 10;
constexpr long low_speed_bytes_per_s = 100;  // slower than this …
constexpr long low_speed_for_s = 30;         // … for this long: abandoned

void start_curl() {
    // curl_global_init is not thread-safe in older libcurls: once per process, before any handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Receiving {
    HttpAnswer answer;
    bool too_long = false;
    const std::function<bool()>* stopping = nullptr;
    bool stopped = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Receiving*>(user);
    std::size_t bytes = size * count;
    if (r->answer.body.size() + bytes > SyncTransport::max_answer_bytes) {
        r->too_long = true;
        return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
    }
    r->answer.body.append(data, bytes);
    return bytes;
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    return text.substr(start);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Receiving*>(user);
    std::string line(data, size * count);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (name == "retry-after") {
            std::string value = trimmed(line.substr(colon + 1));
            if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos &&
                value.size() < 10)
                r->answer.retry_after = std::chrono::seconds(std::stoll(value));
            else if (std::time_t at = curl_getdate(value.c_str(), nullptr); at > 0)
                r->answer.retry_after =
                    std::chrono::seconds(std::max<std::time_t>(0, at - std::time(nullptr)));
        } else if (name == "server") {
            r->answer.server = trimmed(line.substr(colon + 1)).substr(0, 80);
        }
    }
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* r = static_cast<Receiving*>(user);
    if (*r->stopping && (*r->stopping)()) {
        r->stopped = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
    }
    return 0;
}

bool is_loopback_http(const std::string& url) { return url.rfind("http://", 0) == 0; }

}  // namespace

struct SyncTransport::Handle {
    CURL* curl = nullptr;
    ~Handle() {
        if (curl) curl_easy_cleanup(curl);
    }
};

SyncTransport::SyncTransport(const SyncConfig& config, std::function<bool()> stopping)
    : config_(config), stopping_(std::move(stopping)), handle_(std::make_unique<Handle>()) {
    assert(sync_url_problem(config.url).empty() && "the configuration check let only a usable URL through");
    start_curl();
    handle_->curl = curl_easy_init();
    if (!handle_->curl) throw std::runtime_error("Unable to start libcurl");
}

SyncTransport::~SyncTransport() = default;

TransportResult SyncTransport::post(const std::string& path, const std::vector<std::string>& headers,
                                    const std::string& body) {
    CURL* curl = handle_->curl;
    curl_easy_reset(curl);  // keeps the connection and TLS session for the next request
    std::string url = config_.url + path;
    Receiving receiving;
    receiving.stopping = &stopping_;

    curl_slist* list = nullptr;
    list = curl_slist_append(list, "Content-Type: application/json");
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(list, curl_slist_free_all);

    char error_text[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // a worker thread: no SIGALRM for DNS timeouts
    // https only; http was allowed by the configuration check only for a store on this machine.
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, is_loopback_http(config_.url) ? "http" : "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a captive portal, not the store
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
    if (!config_.pinned_public_key.empty())
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, config_.pinned_public_key.c_str());
    if (!config_.proxy.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, config_.proxy.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, low_speed_bytes_per_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, low_speed_for_s);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &receiving);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &receiving);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &receiving);

    CURLcode code = curl_easy_perform(curl);
    TransportResult result;
    if (code != CURLE_OK) {
        result.stopped = receiving.stopped;
        if (receiving.stopped)
            result.error = "POST " + url + " given up: the kiosk is stopping";
        else if (receiving.too_long)
            result.error = "POST " + url + ": the answer is longer than " +
                           std::to_string(max_answer_bytes / 1024) + " KiB, so it is not the store's";
        else
            result.error = "POST " + url + ": " + (error_text[0] ? error_text : curl_easy_strerror(code));
        return result;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &receiving.answer.status);
    char* content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) receiving.answer.content_type = content_type;
    result.answer = std::move(receiving.answer);
    return result;
}

}  // namespace kiosk
