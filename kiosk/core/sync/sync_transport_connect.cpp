#include "sync_transport_connect.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace kiosk {
namespace {

using clock = std::chrono::steady_clock;

int milliseconds_left(clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for `events` on `fd` until `deadline`; false on a time-out (errno ETIMEDOUT) or an error.
bool wait_for(int fd, short events, clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        int n = ::poll(&p, 1, milliseconds_left(deadline));
        if (n > 0) return true;
        if (n == 0) {
            errno = ETIMEDOUT;
            return false;
        }
        if (errno != EINTR) return false;
    }
}

std::string host_and_port(const std::string& host, int port) {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// One TCP connection to host:port, trying each address in turn; -1 with `why` when none answers.
int connect_tcp(const std::string& host, int port, clock::time_point deadline, TransferWatch& watch,
                std::string& why) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (int code = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); code != 0) {
        why = "could not connect to " + host_and_port(host, port) + ": " + ::gai_strerror(code);
        return -1;
    }
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, ::freeaddrinfo);
    why = "could not connect to " + host_and_port(host, port) + ": no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) continue;
        watch.add_socket(fd);
        int error = 0;
        socklen_t size = sizeof error;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 &&
            (errno != EINPROGRESS || !wait_for(fd, POLLOUT, deadline) ||
             ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || (errno = error) != 0)) {
            why = "could not connect to " + host_and_port(host, port) + ": " +
                  (errno == ETIMEDOUT ? "no answer within the connect time-out" : std::strerror(errno));
            ::close(fd);
            if (watch.stopped() || milliseconds_left(deadline) == 0) return -1;
            continue;
        }
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // a request is written in pieces
        return fd;
    }
    return -1;
}

// Asks the proxy on `fd` for a tunnel to the store; false with `why` when it does not open one.
bool open_tunnel(int fd, const StoreRoute& route, clock::time_point deadline, std::string& why) {
    const std::string proxy = "the proxy " + host_and_port(route.proxy_host, route.proxy_port);
    const std::string target = host_and_port(route.host, route.port);
    const std::string request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n";
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = wait_for(fd, POLLOUT, deadline)
                        ? ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL)
                        : -1;
        if (n <= 0) {
            why = proxy + " did not take the CONNECT request: " + std::strerror(errno);
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    // The answer's head, and nothing more: the store says nothing until the TLS handshake begins.
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        char buffer[512];
        ssize_t n = head.size() < 16 * 1024 && wait_for(fd, POLLIN, deadline)
                        ? ::recv(fd, buffer, sizeof buffer, 0)
                        : -1;
        if (n <= 0) {
            why = proxy + " " +
                  (n == 0 ? std::string("closed the connection")
                          : "gave no answer: " + std::string(std::strerror(errno))) +
                  " instead of opening a tunnel to " + target;
            return false;
        }
        head.append(buffer, static_cast<std::size_t>(n));
    }
    std::string status_line = head.substr(0, head.find("\r\n"));
    bool http = status_line.rfind("HTTP/1.", 0) == 0 && status_line.size() >= 12 && status_line[8] == ' ';
    if (!http || status_line[9] != '2') {
        why = proxy + " refused a tunnel to " + target + ": " + status_line.substr(0, 100);
        return false;
    }
    if (head.size() != head.find("\r\n\r\n") + 4) {
        why = proxy + " sent more than a tunnel's answer to CONNECT";
        return false;
    }
    return true;
}

}  // namespace

int connect_for_store(const StoreRoute& route, const TransportLimits& limits, TransferWatch& watch,
                      std::string& why) {
    auto deadline = clock::now() + limits.connect;
    bool proxied = !route.proxy_host.empty();
    int fd = proxied ? connect_tcp(route.proxy_host, route.proxy_port, deadline, watch, why)
                     : connect_tcp(route.host, route.port, deadline, watch, why);
    if (fd < 0) return -1;
    if (proxied && !open_tunnel(fd, route, deadline, why)) {
        ::close(fd);
        return -1;
    }
    // cpp-httplib reads and writes a blocking socket after waiting for it with select.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    why.clear();  // an address tried before this one may have failed
    return fd;
}

}  // namespace kiosk
