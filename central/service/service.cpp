#include "service.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <sodium.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "admin_endpoints.hpp"
#include "kiosk_endpoints.hpp"
#include "protocol/ids.hpp"
#include "request_body.hpp"
#include "request_log.hpp"
#include "service_context.hpp"

namespace central {
namespace {

// When the request being served on this thread began (set before routing, read by the logger; one
// thread serves a connection's requests one after another).
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

std::string random_uuid() {
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

// A problem for a status httplib set itself (unknown path, a request it could not read).
Problem problem_for_status(int status) {
    switch (status) {
        case 404:
            return make_problem(404, "not-found", "there is no such endpoint; see docs/protocol.md");
        case 405:
            return make_problem(405, "method-not-allowed", "this endpoint does not take that method");
        case 413:
            return make_problem(413, "body-too-large", "the body is over the store's limit");
        case 503:
            return make_problem(503, "database-unavailable", "the database cannot be reached");
        default:
            if (status >= 500) return make_problem(status, "internal-error", "the store failed; see its log");
            return make_problem(status, "malformed-request", "the request could not be read as HTTP/1.1");
    }
}

}  // namespace

void log_to_stderr(const std::string& line) {
    std::string whole = line + "\n";
    std::fwrite(whole.data(), 1, whole.size(), stderr);  // one write: lines of threads do not interleave
}

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

ServiceOptions service_options(const CentralConfig& config) {
    ServiceOptions o;
    o.store_id = config.store_id;
    o.host = config.listen_host;
    o.port = config.listen_port;
    o.tls_certificate = config.tls_certificate;
    o.tls_key = config.tls_key;
    o.threads = config.threads;
    o.limits = config.limits;
    return o;
}

std::string request_id_of(const httplib::Request& request) {
    std::string id = request.get_header_value("Kiosk-Request-Id");
    return protocol::is_uuid(id) ? id : random_uuid();
}

void answer_guarded(const ServiceContext& context, const httplib::Request& request,
                    httplib::Response& response, const std::function<std::optional<Problem>()>& handle,
                    const httplib::ContentReader* reader) {
    std::optional<Problem> problem;
    try {
        problem = handle();
    } catch (const LedgerUnavailable& e) {
        problem =
            make_problem(503, "database-unavailable",
                         std::string("the database cannot be reached; nothing was stored: ") + e.what());
        problem->retry_after_seconds = context.options.limits.retry_after_seconds;
    } catch (const std::exception& e) {
        log_to_stderr(request.method + " " + request.path + ": failed: " + e.what());
        problem = make_problem(500, "internal-error", "the store failed on this request; its log says why");
    }
    if (problem) {
        // A client still sending its body reads no answer until it has sent it (cpp-httplib's client
        // among them): read the body past so every refusal reaches the kiosk.
        if (problem->body_unread)
            problem->close_connection = !(reader && drain_body(request, *reader, context.options.limits));
        write_problem(response, *problem, request_id_of(request));
    }
}

struct Service::Parts {
    ServiceContext context;
    LogSink log;
    std::unique_ptr<httplib::Server> server;
    int port = -1;
    int listening_socket = -1;  // see bind()
};

Service::Service(ServiceOptions options, Ledger& ledger, const StoreKey& key, Clock clock, LogSink log)
    : parts_(new Parts{ServiceContext{options, ledger, key, std::move(clock),
                                      RateLimiter(options.limits.requests_per_minute)},
                       std::move(log), nullptr}) {
    assert(!options.store_id.empty() && "a service has a store id (the config's store_id)");
    assert(options.threads > 0 && "a service has at least one thread");
}

Service::~Service() = default;

int Service::bind() {
    ServiceContext& context = parts_->context;
    const ServiceOptions& o = context.options;
    if (o.tls_certificate.empty()) {
        if (!is_loopback(o.host))
            throw ServiceError(
                "refusing to serve plain HTTP on " + o.host +
                ": kiosks send ratings over HTTPS only. Set tls_certificate and tls_key, or listen "
                "on 127.0.0.1 behind a TLS-terminating proxy");
        parts_->server = std::make_unique<httplib::Server>();
    } else {
        auto tls = std::make_unique<httplib::SSLServer>(o.tls_certificate.c_str(), o.tls_key.c_str());
        if (!tls->is_valid())
            throw ServiceError("Unable to load the TLS certificate " + o.tls_certificate + " and key " +
                               o.tls_key +
                               " (PEM files, readable by this user, the key matching the certificate?)");
        parts_->server = std::move(tls);
    }
    httplib::Server& server = *parts_->server;
    int threads = o.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    // Kiosks may be on slow links: the protocol gives up on a transfer under 100 bytes/s for 30 s.
    server.set_read_timeout(30, 0);
    server.set_write_timeout(30, 0);
    // One request per connection. A kept-alive connection holds one of the pool's threads while it
    // idles, and kiosks send a batch and a heartbeat, then nothing for a while: with httplib's default
    // (5 s idle, 5 requests) 50 kiosks on 8 threads queued behind idle connections (p99 29 s, client
    // time-outs, 4 700 ratings/s); with 1 s idle, 17 600/s; closing after each answer, 27 900/s, and
    // 1-rating batches went from 277 to 765 requests/s (bench/sync_benchmark.sh).
    server.set_keep_alive_max_count(1);
    server.set_payload_max_length(
        static_cast<std::size_t>(o.limits.body_bytes));  // a backstop: see request_body.hpp

    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        request_started = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    add_kiosk_endpoints(server, context);
    add_admin_endpoints(server, context);
    // Anything else: refused without reading a body (httplib would read and unpack it into memory).
    auto not_found = [&context](const httplib::Request& request, httplib::Response& response,
                                const httplib::ContentReader& reader) {
        Problem problem = problem_for_status(404);
        problem.body_unread = true;
        answer_guarded(
            context, request, response, [&] { return problem; }, &reader);
    };
    server.Post(".*", not_found);
    server.Put(".*", not_found);
    server.Patch(".*", not_found);
    server.Delete(".*", not_found);
    server.Get("/v1/(batches|heartbeats|kiosks|kiosks/[^/]+/revoke)",
               [](const httplib::Request& request, httplib::Response& response) {
                   response.set_header("Allow", "POST");
                   write_problem(response, problem_for_status(405), request_id_of(request));
               });
    server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
        if (response.body.empty() && !response.content_provider_)
            write_problem(response, problem_for_status(response.status), request_id_of(request));
    });
    server.set_exception_handler(
        [this](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                parts_->log(request.method + " " + request.path + ": failed: " + e.what());
            } catch (...) {
            }
            write_problem(response, problem_for_status(500), request_id_of(request));
        });
    server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        std::int64_t elapsed = -1;
        if (request_started)
            elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                            *request_started)
                          .count();
        request_started.reset();
        parts_->log(request_log_line(request, response, parts_->context.clock(), elapsed));
    });

    // httplib 0.11 listens with a backlog of 5 connections. 50 kiosks connecting at once overflowed it:
    // the kernel fell back to SYN cookies and dropped handshakes, and some kiosks' connections were reset
    // mid-request (curl: "Failure when receiving data from the peer"; bench/sync_benchmark.sh). So the
    // listening socket is noted as httplib makes it, and listen() is called again on it with the
    // system's maximum, which Linux takes as the new backlog.
    parts_->listening_socket = -1;
    server.set_socket_options([parts = parts_.get()](socket_t sock) {
        httplib::default_socket_options(sock);
        parts->listening_socket = sock;
    });
    if (o.port == 0) {
        parts_->port = server.bind_to_any_port(o.host);
    } else if (server.bind_to_port(o.host, o.port)) {
        parts_->port = o.port;
    }
    if (parts_->port > 0 && parts_->listening_socket >= 0 &&
        ::listen(parts_->listening_socket, SOMAXCONN) != 0)
        throw ServiceError("Unable to raise the listen backlog of " + o.host + " port " +
                           std::to_string(parts_->port) + ": " + std::strerror(errno));
    if (parts_->port <= 0)
        throw ServiceError("Unable to listen on " + o.host + " port " + std::to_string(o.port) +
                           " (address in use, not an address of this machine, or a port below 1024 without "
                           "the right to bind it)");
    return parts_->port;
}

void Service::run() {
    assert(parts_->server && parts_->port > 0 && "bind() comes before run()");
    parts_->server->listen_after_bind();
}

void Service::stop() {
    if (parts_->server) parts_->server->stop();
}

bool Service::is_running() const { return parts_->server && parts_->server->is_running(); }

std::string Service::url() const {
    const ServiceOptions& o = parts_->context.options;
    std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    return std::string(o.tls_certificate.empty() ? "http" : "https") + "://" + host + ":" +
           std::to_string(parts_->port);
}

}  // namespace central
