// kiosk-central's HTTP service (docs/protocol.md): the kiosks' signed batches and heartbeats, and the
// IT endpoints (health, fleet, export, enrolment), on cpp-httplib with a pool of threads. HTTPS when a
// certificate and key are given; plain HTTP only on a loopback address (tests, or behind a local
// TLS-terminating proxy). Everything durable is in the ledger, so instances share nothing else.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "central_config.hpp"
#include "ledger.hpp"
#include "store_key.hpp"

namespace central {

// The service cannot start: plain HTTP on a public address, a TLS file that cannot be loaded, an
// address that cannot be bound. The message says which and why.
struct ServiceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ServiceOptions {
    std::string store_id;
    std::string host = "127.0.0.1";
    int port = 0;                 // 0: a free port, picked at bind()
    std::string tls_certificate;  // PEM; both empty: plain HTTP (loopback only)
    std::string tls_key;
    int threads = 8;
    Limits limits;
};

ServiceOptions service_options(const CentralConfig& config);

// Milliseconds since 1970 (a test's clock may be fixed).
using Clock = std::function<std::int64_t()>;
// Takes one finished log line (no newline).
using LogSink = std::function<void(const std::string&)>;
// Writes the line to stderr.
void log_to_stderr(const std::string& line);
// Milliseconds since 1970 by the system clock: the Clock of a real store.
std::int64_t system_now_ms();

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

class Service {
  public:
    // `ledger` and `key` must outlive the service.
    Service(ServiceOptions options, Ledger& ledger, const StoreKey& key, Clock clock, LogSink log);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Loads TLS, binds the address; returns the port (the one picked when options.port is 0).
    // Throws ServiceError.
    int bind();
    // Serves until stop(), on the calling thread plus the pool. Call bind() first.
    void run();
    // From any thread (a signal watcher, a test): stops accepting, returns at once; run() returns.
    void stop();
    // "https://host:port" or "http://host:port", once bound.
    std::string url() const;
    bool is_running() const;

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace central
