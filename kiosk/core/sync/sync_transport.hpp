// One HTTPS POST to the central store (libcurl's easy API), set up as docs/protocol.md demands:
// certificate and host name always verified, an optional pin, https only (http only to this same
// machine), no redirect followed, a slow or silent store abandoned, the answer's size capped, and a
// transfer given up at once when the kiosk is stopping.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"

namespace kiosk {

struct HttpAnswer {
    long status = 0;
    std::string content_type;  // as sent, e.g. "application/json"
    std::string server;        // the Server header, if any: names a proxy or portal that answered instead
    std::optional<std::chrono::seconds> retry_after;  // seconds, or an HTTP date turned into seconds
    std::string body;                                 // at most max_answer_bytes
};

struct TransportResult {
    std::optional<HttpAnswer> answer;  // empty when no answer came: `error` says why
    std::string error;                 // e.g. "could not connect to https://…: Connection refused"
    bool stopped = false;              // given up because the kiosk is stopping
};

class SyncTransport {
  public:
    static constexpr std::size_t max_answer_bytes = 64 * 1024;  // a receipt or a problem is < 2 KiB

    // `stopping` is asked about once a second during a transfer; true abandons it.
    SyncTransport(const SyncConfig& config, std::function<bool()> stopping = {});
    ~SyncTransport();
    SyncTransport(const SyncTransport&) = delete;
    SyncTransport& operator=(const SyncTransport&) = delete;

    // POSTs `body` (JSON) to the store's base URL + `path`, with `headers` ("Name: value") added.
    TransportResult post(const std::string& path, const std::vector<std::string>& headers,
                         const std::string& body);

  private:
    struct Handle;
    const SyncConfig& config_;
    std::function<bool()> stopping_;
    std::unique_ptr<Handle> handle_;
};

}  // namespace kiosk
