#include "sync_transport.hpp"

#include <httplib.h>
#include <openssl/x509.h>

#include <cassert>
#include <cctype>
#include <ctime>

#include "protocol/names.hpp"
#include "sync_transport_connect.hpp"
#include "sync_transport_retry_after.hpp"
#include "sync_transport_route.hpp"
#include "sync_transport_sigpipe.hpp"
#include "sync_transport_tls.hpp"
#include "sync_transport_watch.hpp"
#include "sync_url.hpp"

namespace kiosk {
namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    return text.substr(start);
}

std::string host_for_header(const StoreRoute& route) {
    std::string host = route.host.find(':') != std::string::npos ? "[" + route.host + "]" : route.host;
    bool usual_port = route.port == (route.tls ? 443 : 80);
    return usual_port ? host : host + ":" + std::to_string(route.port);
}

// A cpp-httplib client (Base: SSLClient or, to this same machine, ClientImpl) whose connection the
// kiosk opens itself (sync_transport_connect.hpp), through its proxy and under the POST's watch.
template <class Base>
class RoutedClient : public Base {
  public:
    explicit RoutedClient(const StoreRoute& route, const TransportLimits& limits)
        : Base(route.host, route.port), route_(route), limits_(limits) {}

    // For the POST under way: where sockets are registered, and why the last connection failed.
    TransferWatch* watch = nullptr;
    std::string why_not_connected;

  private:
    bool create_and_connect_socket(typename Base::Socket& socket, httplib::Error& error) override {
        int fd =
            watch && this->is_valid() ? connect_for_store(route_, limits_, *watch, why_not_connected) : -1;
        if (fd < 0) {
            error = httplib::Error::Connection;
            return false;
        }
        socket.sock = fd;
        return true;
    }

    const StoreRoute& route_;
    const TransportLimits& limits_;
};

}  // namespace

// One client for the transport's life: the CA certificates are read once, at the first connection.
// Every POST opens a connection of its own (the store closes each after its answer anyway), so the
// watch of a POST sees every socket the POST uses.
struct SyncTransport::Connection {
    StoreRoute route;
    std::unique_ptr<CertificateCheck> check;             // https only
    RoutedClient<httplib::SSLClient>* tls = nullptr;     // `client`, when https
    RoutedClient<httplib::ClientImpl>* plain = nullptr;  // `client`, when http to this same machine
    std::unique_ptr<httplib::ClientImpl> client;
    std::string problem;  // not empty: nothing can be sent as configured, and this says why
};

SyncTransport::SyncTransport(const SyncConfig& config, std::function<bool()> stopping, TransportLimits limits)
    : config_(config),
      stopping_(std::move(stopping)),
      limits_(limits),
      connection_(std::make_unique<Connection>()) {
    assert(sync_url_problem(config.url).empty() && "the configuration check let only a usable URL through");
    Connection& c = *connection_;
    c.route = route_to_store(config);
    c.problem = c.route.problem;
    if (!c.problem.empty()) return;
    assert((c.route.tls || c.route.host == "127.0.0.1" || c.route.host == "::1" ||
            c.route.host == "localhost") &&
           "http only to this same machine");
    if (c.route.tls) {
        c.check = std::make_unique<CertificateCheck>(c.route.host, config.pinned_public_key);
        auto tls = std::make_unique<RoutedClient<httplib::SSLClient>>(c.route, limits_);
        if (!c.check->problem().empty()) {
            c.problem = c.check->problem();
        } else if (!tls->is_valid() || !c.check->install(tls->ssl_context())) {
            c.problem = "Unable to set up TLS for " + c.route.host;
        }
        // Verification is cpp-httplib's default; said again here because everything rests on it.
        tls->enable_server_certificate_verification(true);
        if (!config.ca_file.empty()) tls->set_ca_cert_path(config.ca_file);
        c.tls = tls.get();
        c.client = std::move(tls);
    } else {
        auto plain = std::make_unique<RoutedClient<httplib::ClientImpl>>(c.route, limits_);
        c.plain = plain.get();
        c.client = std::move(plain);
    }
    c.client->set_connection_timeout(limits_.connect);  // the TLS handshake's; the connection's is ours
    // A backstop behind the watch's low-speed rule: no byte at all for slow_for ends the transfer too.
    c.client->set_read_timeout(limits_.slow_for);
    c.client->set_write_timeout(limits_.slow_for);
    c.client->set_keep_alive(false);
    c.client->set_follow_location(false);  // a redirect is a captive portal, not the store
    c.client->set_decompress(false);       // the body as sent: its signature covers those bytes
}

SyncTransport::~SyncTransport() = default;

TransportResult SyncTransport::post(const std::string& path, const std::vector<std::string>& headers,
                                    const std::string& body) {
    Connection& c = *connection_;
    const std::string url = config_.url + path;
    TransportResult result;
    if (!c.problem.empty()) {
        result.error = "POST " + url + ": " + c.problem;
        return result;
    }

    httplib::Request request;
    request.method = "POST";
    request.path = c.route.base_path + path;
    request.body = body;
    request.headers.emplace("Host", host_for_header(c.route));
    request.headers.emplace("Content-Type", "application/json");
    for (const std::string& h : headers) {
        std::size_t colon = h.find(':');
        assert(colon != std::string::npos && "a header is \"Name: value\"");
        request.headers.emplace(h.substr(0, colon), trimmed(h.substr(colon + 1)));
    }
    bool too_long = false;
    HttpAnswer answer;
    request.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
        if (answer.body.size() + size > max_answer_bytes) {
            too_long = true;
            return false;
        }
        answer.body.append(data, size);
        return true;
    };

    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    bool done = false;
    bool stopped = false, too_slow = false;
    if (c.check) c.check->forget_last();
    std::string why_not_connected;
    {
        SigpipeBlocked no_sigpipe;
        TransferWatch watch(stopping_, limits_);
        auto send = [&](auto* client) {
            client->watch = &watch;
            client->why_not_connected.clear();
            done = client->send(request, response, error);
            client->watch = nullptr;
            why_not_connected = client->why_not_connected;
        };
        if (c.tls)
            send(c.tls);
        else
            send(c.plain);
        stopped = watch.stopped();
        too_slow = watch.too_slow();
    }

    if (!done) {
        result.stopped = stopped;
        std::string why;
        if (stopped) {
            result.error = "POST " + url + " given up: the kiosk is stopping";
            return result;
        } else if (too_long) {
            why = "the answer is longer than " + std::to_string(max_answer_bytes / 1024) +
                  " KiB, so it is not the store's";
        } else if (too_slow) {
            why = "abandoned: fewer than " + std::to_string(limits_.slow_bytes_per_s) +
                  " bytes a second for " + std::to_string(limits_.slow_for.count()) + " s";
        } else if (c.check && c.check->pin_refused()) {
            why = "the store's certificate has the public key " + c.check->key_seen() +
                  ", which sync.pinned_public_key does not name; the connection was refused";
        } else if (error == httplib::Error::SSLServerVerification && c.tls) {
            why = std::string("the store's certificate was refused: ") +
                  X509_verify_cert_error_string(c.tls->get_openssl_verify_result()) + " (trusting " +
                  (config_.ca_file.empty() ? "the system's CAs" : "sync.ca_file " + config_.ca_file) + ")";
        } else if (error == httplib::Error::SSLLoadingCerts) {
            why = "Unable to read the CA certificates of sync.ca_file " + config_.ca_file;
        } else if (error == httplib::Error::SSLConnection) {
            why = "the TLS handshake with " + host_for_header(c.route) + " failed";
        } else if (!why_not_connected.empty()) {
            why = why_not_connected;
        } else {
            why = "no answer: " + httplib::to_string(error);
        }
        if (!c.route.proxy_host.empty() && why_not_connected.empty())
            why +=
                " (through the proxy " + c.route.proxy_host + ":" + std::to_string(c.route.proxy_port) + ")";
        result.error = "POST " + url + ": " + why;
        return result;
    }

    answer.status = response.status;
    answer.content_type = response.get_header_value("Content-Type");
    answer.server = trimmed(response.get_header_value("Server")).substr(0, 80);
    answer.store_signature =
        trimmed(response.get_header_value(protocol::store_signature_header)).substr(0, 200);
    if (response.has_header("Retry-After"))
        answer.retry_after =
            parse_retry_after(trimmed(response.get_header_value("Retry-After")), std::time(nullptr));
    result.answer = std::move(answer);
    return result;
}

}  // namespace kiosk
