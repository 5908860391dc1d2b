// One HTTPS POST to the central store (cpp-httplib over OpenSSL), set up as docs/protocol.md demands:
// certificate and host name always verified, an optional pin checked by the kiosk itself, https only
// (http only to this same machine), no redirect followed, a slow or silent store abandoned, the
// answer's size capped, and a transfer given up within a second when the kiosk is stopping.
#pragma once
#include <chrono>
#include <cstdint>
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
    std::string store_signature;  // the Store-Signature header, if any: the store's over a site's figures
};

struct TransportResult {
    std::optional<HttpAnswer> answer;  // empty when no answer came: `error` says why
    std::string error;                 // e.g. "POST https://…/v1/batches: could not connect …"
    bool stopped = false;              // given up because the kiosk is stopping
};

// When a transfer is abandoned; the defaults are the protocol's (docs/protocol.md). Tests shorten them.
struct TransportLimits {
    std::chrono::seconds connect{10};      // to open the connection, and again to finish the TLS handshake
    std::uint64_t slow_bytes_per_s = 100;  // a transfer moving fewer bytes a second than this …
    std::chrono::seconds slow_for{30};     // … for this long is abandoned (a silent store included)
    std::chrono::milliseconds look_every{1000};  // how often `stopping` and the speed are looked at
};

class SyncTransport {
  public:
    static constexpr std::size_t max_answer_bytes = 64 * 1024;  // a receipt or a problem is < 2 KiB

    // `stopping` is asked about once a second during a transfer; true abandons it.
    SyncTransport(const SyncConfig& config, std::function<bool()> stopping = {}, TransportLimits limits = {});
    ~SyncTransport();
    SyncTransport(const SyncTransport&) = delete;
    SyncTransport& operator=(const SyncTransport&) = delete;

    // POSTs `body` (JSON) to the store's base URL + `path`, with `headers` ("Name: value") added.
    TransportResult post(const std::string& path, const std::vector<std::string>& headers,
                         const std::string& body);

  private:
    struct Connection;
    const SyncConfig& config_;
    std::function<bool()> stopping_;
    TransportLimits limits_;
    std::unique_ptr<Connection> connection_;
};

}  // namespace kiosk
