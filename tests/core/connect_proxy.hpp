// An HTTP proxy for the transport's tests, on 127.0.0.1: answers each CONNECT with a tunnel to the
// address asked for, or, when told to refuse, with that status and no tunnel. One connection at a
// time; it records the first line of each request.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class ConnectProxy {
  public:
    explicit ConnectProxy(int refuse_with = 0) : refuse_with_(refuse_with) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            ::listen(listener_, 8) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
            throw std::runtime_error("the test proxy cannot listen");
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~ConnectProxy() {
        done_ = true;
        thread_.join();
        ::close(listener_);
    }
    int port() const { return port_; }
    std::vector<std::string> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    // Waits up to 100 ms for `fd` to be readable, so that the thread sees done_ soon.
    static bool readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 100) > 0;
    }
    static void send_all(int fd, const std::string& text) {
        for (std::size_t at = 0; at < text.size();) {
            ssize_t n = ::send(fd, text.data() + at, text.size() - at, MSG_NOSIGNAL);
            if (n <= 0) return;
            at += static_cast<std::size_t>(n);
        }
    }
    void run() {
        while (!done_) {
            if (!readable(listener_)) continue;
            int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            serve(client);
            ::close(client);
        }
    }
    void serve(int client) {
        std::string head;
        char buffer[4096];
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192 && !done_) {
            if (!readable(client)) continue;
            ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            head.append(buffer, static_cast<std::size_t>(n));
        }
        std::string line = head.substr(0, head.find("\r\n"));
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(line);
        }
        if (refuse_with_) {
            send_all(client,
                     "HTTP/1.1 " + std::to_string(refuse_with_) +
                         " Refused\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n"
                         "Connection: close\r\n\r\n");
            return;
        }
        // "CONNECT 127.0.0.1:PORT HTTP/1.1"
        std::size_t colon = line.rfind(':'), space = line.rfind(' ');
        if (line.rfind("CONNECT ", 0) != 0 || colon == std::string::npos || space <= colon) return;
        sockaddr_in upstream{};
        upstream.sin_family = AF_INET;
        upstream.sin_port =
            htons(static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1, space - colon - 1))));
        if (::inet_pton(AF_INET, line.substr(8, colon - 8).c_str(), &upstream.sin_addr) != 1) return;
        int store = ::socket(AF_INET, SOCK_STREAM, 0);
        if (store < 0 || ::connect(store, reinterpret_cast<sockaddr*>(&upstream), sizeof upstream) != 0) {
            if (store >= 0) ::close(store);
            send_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n");
        pollfd both[2] = {{client, POLLIN, 0}, {store, POLLIN, 0}};
        while (!done_) {
            if (::poll(both, 2, 100) <= 0) continue;
            bool open = true;
            for (int i = 0; i < 2 && open; ++i) {
                if (!(both[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                ssize_t n = ::recv(both[i].fd, buffer, sizeof buffer, 0);
                if (n <= 0)
                    open = false;
                else
                    send_all(both[1 - i].fd, std::string(buffer, static_cast<std::size_t>(n)));
            }
            if (!open) break;
        }
        ::close(store);
    }

    int listener_ = -1;
    int port_ = 0;
    int refuse_with_ = 0;
    std::atomic<bool> done_{false};
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};
