// cut_proxy: a plain TCP proxy in front of a store (HTTP/1.1 over plain TCP on loopback) that, for chosen
// requests, lets the store answer in full (so it has committed the batch) and then closes the client's
// connection without passing on a byte of the answer: the reply lost after the commit that exactly-once
// delivery must survive. Every other request is passed through both ways unchanged.
//
// With --hostile it is also the middlebox of issue 20: requests, in turn, meet the answers in the list
// (a captive portal's 404, a firewall's 403, a proxy's 400 or 407, a forged 409, a forged 401 with a
// store time, the body changed or Kiosk-Signature stripped on the way to the store, a dropped
// connection, garbage), "pass" letting one through; until the file --honest-when names exists.
//
// Framing: a request is its head and Content-Length bytes of body; each one goes to the upstream on a
// connection of its own with "Connection: close", so the answer is everything until the upstream closes.
// The client's connection stays open for its next request (keep-alive) when the answer is framed.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "test_keys.hpp"

namespace {

constexpr std::size_t max_head_bytes = 64 * 1024;

struct Settings {
    std::string upstream_host;
    std::string upstream_port;
    int cuts_wanted = 0;
    double cut_probability = 0;
    std::string cut_path = "/v1/batches";
    int upstream_timeout_s = 60;
    std::vector<std::string> hostile;  // answers taken in turn, one per request; empty: none
    std::string honest_when;           // once this file exists, every request passes
    std::string hostile_path = "/";    // only requests whose path starts with this meet --hostile
};

const std::vector<std::string> hostile_answers = {"404",  "403",   "400",  "407", "forged-409", "forged-401",
                                                  "body", "strip", "drop", "cut", "garbage",    "pass"};

class Socket {
  public:
    explicit Socket(int fd = -1) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

bool send_all(int fd, const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

// Appends what arrives to `buffer`; false at the end of the stream or on an error.
bool receive_some(int fd, std::string& buffer) {
    char chunk[16384];
    for (;;) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = 0;  // the end of the stream, not an error
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string trim(const std::string& text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") + 1 - first);
}

struct Request {
    std::string method_and_path;  // "POST /v1/batches"
    std::string request_id;       // Kiosk-Request-Id, or "-"
    std::string head_upstream;    // the head to send on, with "Connection: close"
    std::size_t body_bytes = 0;
    bool expects_continue = false;
};

// Reads the head in `head` (up to and without the blank line); nullopt with `error` set when it is not
// one this proxy can pass on.
std::optional<Request> read_head(const std::string& head, std::string& error) {
    Request r;
    std::size_t end_of_line = head.find("\r\n");
    std::string request_line = head.substr(0, end_of_line);
    std::size_t first_space = request_line.find(' ');
    std::size_t second_space = request_line.find(' ', first_space + 1);
    if (first_space == std::string::npos || second_space == std::string::npos) {
        error = "not an HTTP request line: '" + request_line.substr(0, 80) + "'";
        return std::nullopt;
    }
    r.method_and_path = request_line.substr(0, second_space);
    r.request_id = "-";
    r.head_upstream = request_line + "\r\n";
    for (std::size_t at = end_of_line; at != std::string::npos && at < head.size();) {
        std::size_t next = head.find("\r\n", at + 2);
        std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
        at = next;
        if (line.empty()) continue;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) {
            error = "a header line without ':': '" + line.substr(0, 80) + "'";
            return std::nullopt;
        }
        std::string name = lower(trim(line.substr(0, colon)));
        std::string value = trim(line.substr(colon + 1));
        if (name == "content-length") {
            try {
                r.body_bytes = std::stoul(value);
            } catch (const std::exception&) {
                error = "Content-Length is not a number: '" + value + "'";
                return std::nullopt;
            }
        } else if (name == "transfer-encoding") {
            error = "a request body with Transfer-Encoding (" + value +
                    ") cannot be framed by this proxy; send it with Content-Length";
            return std::nullopt;
        } else if (name == "kiosk-request-id") {
            r.request_id = value;
        }
        if (name == "expect") {
            r.expects_continue = lower(value) == "100-continue";
            continue;  // answered here: the upstream gets the whole body at once
        }
        if (name == "connection" || name == "keep-alive" || name == "proxy-connection") continue;
        r.head_upstream += line + "\r\n";
    }
    r.head_upstream += "Connection: close\r\n\r\n";
    return r;
}

// The upstream closes after each answer (we asked it to); the client need not, when the answer's end is
// known without the close: drop its "Connection: close" when the head frames the body (Content-Length or
// chunked) or there is none (204, 304).
std::string keep_alive(const std::string& response) {
    std::size_t head_end = response.find("\r\n\r\n");
    if (head_end == std::string::npos) return response;
    std::string head = lower(response.substr(0, head_end + 2));
    bool framed = head.find("\r\ncontent-length:") != std::string::npos ||
                  head.find("\r\ntransfer-encoding: chunked") != std::string::npos ||
                  head.rfind("http/1.1 204", 0) == 0 || head.rfind("http/1.1 304", 0) == 0;
    std::size_t close = head.find("\r\nconnection: close\r\n");
    if (!framed || close == std::string::npos) return response;
    return response.substr(0, close + 2) + response.substr(close + 2 + std::strlen("connection: close\r\n"));
}

int connect_upstream(const Settings& s, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = ::getaddrinfo(s.upstream_host.c_str(), s.upstream_port.c_str(), &hints, &found);
    if (rc != 0) {
        error = "Unable to resolve " + s.upstream_host + ": " + gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    for (addrinfo* a = found; a; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        error =
            "Unable to connect to " + s.upstream_host + ":" + s.upstream_port + ": " + std::strerror(errno);
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(found);
    if (fd >= 0) {
        timeval timeout{s.upstream_timeout_s, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    return fd;
}

std::string html_page(int status, const std::string& reason, const std::string& text) {
    std::string body = "<!DOCTYPE html><html><head><title>" + reason + "</title></head><body><h1>" + reason +
                       "</h1><p>" + text + "</p></body></html>";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nServer: hostile-middlebox/1.0\r\nContent-Type: text/html\r\n" +
           (status == 407 ? "Proxy-Authenticate: Basic realm=\"office\"\r\n" : "") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A problem+json that looks like the store's, with a signature of the right form that no key made.
std::string forged_problem(int status, const std::string& reason, const std::string& name, long store_time) {
    std::string body =
        "{\"type\":\"https://charter-kiosk.invalid/problems/" + name + "\",\"title\":\"" + name +
        "\",\"status\":" + std::to_string(status) +
        ",\"detail\":\"forged by a middlebox\",\"store_id\":\"test-store\",\"store_time\":" +
        std::to_string(store_time) +
        ",\"received_body_digest\":\"not-read\",\"signature\":\"ed25519=" + std::string(86, 'A') + "==\"}";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/problem+json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

std::string without_header(const std::string& head, const std::string& name) {
    std::string out;
    for (std::size_t at = 0; at < head.size();) {
        std::size_t end = head.find("\r\n", at);
        end = end == std::string::npos ? head.size() : end + 2;
        std::string line = head.substr(at, end - at);
        if (lower(line).rfind(name + ":", 0) != 0) out += line;
        at = end;
    }
    return out;
}

class Proxy {
  public:
    Proxy(Settings settings, std::uint64_t seed, const std::string& log_path)
        : s_(std::move(settings)), random_(seed) {
        if (!log_path.empty()) {
            log_.open(log_path, std::ios::app);
            if (!log_) throw std::runtime_error("Unable to open the log " + log_path + " for appending");
        }
    }

    void serve(int client_fd) {
        Socket client(client_fd);
        std::string buffer;
        for (;;) {
            std::size_t head_end;
            while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
                if (buffer.size() > max_head_bytes) return complain("a request head over 64 KiB");
                if (!receive_some(client.fd(), buffer)) return;  // the client is done
            }
            std::string error;
            auto request = read_head(buffer.substr(0, head_end), error);
            if (!request) return complain(error);
            buffer.erase(0, head_end + 4);
            if (request->expects_continue && buffer.size() < request->body_bytes &&
                !send_all(client.fd(), "HTTP/1.1 100 Continue\r\n\r\n"))
                return;
            while (buffer.size() < request->body_bytes)
                if (!receive_some(client.fd(), buffer))
                    return complain("the client closed in the middle of a body");
            std::string body = buffer.substr(0, request->body_bytes);
            buffer.erase(0, request->body_bytes);

            std::string hostile = next_hostile(request->method_and_path);
            if (hostile != "pass") record(hostile, *request);
            if (hostile == "404" || hostile == "403" || hostile == "400" || hostile == "407") {
                static const std::map<std::string, std::pair<int, std::string>> pages = {
                    {"404", {404, "Not Found"}},
                    {"403", {403, "Forbidden"}},
                    {"400", {400, "Bad Request"}},
                    {"407", {407, "Proxy Authentication Required"}}};
                const auto& [status, reason] = pages.at(hostile);
                if (!send_all(client.fd(), html_page(status, reason, "Please log in to the guest network")))
                    return;
                continue;
            }
            if (hostile == "forged-409" || hostile == "forged-401") {
                long now_s = static_cast<long>(std::time(nullptr));
                std::string answer =
                    hostile == "forged-409"
                        ? forged_problem(409, "Conflict", "batch-conflict", now_s)
                        : forged_problem(401, "Unauthorized", "stale-timestamp", now_s + 7200);
                if (!send_all(client.fd(), answer)) return;
                continue;
            }
            if (hostile == "drop") {
                ::shutdown(client.fd(), SHUT_RDWR);
                return;
            }
            if (hostile == "garbage") {
                send_all(client.fd(), "\x16\x03\x01 garbage \xff\xfe not HTTP at all\r\n\r\n");
                ::shutdown(client.fd(), SHUT_RDWR);
                return;
            }
            if (hostile == "body" && !body.empty())
                body[body.size() / 2] = body[body.size() / 2] == 'x' ? 'y' : 'x';
            if (hostile == "strip")
                request->head_upstream = without_header(request->head_upstream, "kiosk-signature");

            Socket upstream(connect_upstream(s_, error));
            if (upstream.fd() < 0) return complain(error);
            if (!send_all(upstream.fd(), request->head_upstream + body))
                return complain("Unable to send the request to the upstream: " +
                                std::string(std::strerror(errno)));
            std::string response;
            while (receive_some(upstream.fd(), response)) {
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return complain("the upstream did not finish its answer within " +
                                std::to_string(s_.upstream_timeout_s) + " s");
            if (hostile == "cut" || should_cut(request->method_and_path)) {
                // Both directions shut: the client sees the connection end where the answer should be.
                ::shutdown(client.fd(), SHUT_RDWR);
                record_cut(*request, response);
                return;
            }
            if (!send_all(client.fd(), keep_alive(response))) return;
        }
    }

  private:
    // The next answer of the --hostile list, or "pass" (no list, or --honest-when's file exists).
    std::string next_hostile(const std::string& method_and_path) {
        std::string path = method_and_path.substr(method_and_path.find(' ') + 1);
        if (s_.hostile.empty() || path.rfind(s_.hostile_path, 0) != 0 ||
            (!s_.honest_when.empty() && std::filesystem::exists(s_.honest_when)))
            return "pass";
        std::lock_guard lock(mutex_);
        return s_.hostile[hostile_done_++ % s_.hostile.size()];
    }

    // "<UTC time>\t<unix ms>\t<answer>\t<method path>\t<Kiosk-Request-Id>"
    void record(const std::string& answer, const Request& request) {
        std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
        std::lock_guard lock(mutex_);
        if (log_.is_open())
            log_ << sync_tools::utc_ms_text(ms) << '\t' << ms << '\t' << answer << '\t'
                 << request.method_and_path << '\t' << request.request_id << std::endl;
    }

    bool should_cut(const std::string& method_and_path) {
        std::string path = method_and_path.substr(method_and_path.find(' ') + 1);
        if (path.rfind(s_.cut_path, 0) != 0) return false;
        std::lock_guard lock(mutex_);
        if (cuts_done_ < s_.cuts_wanted) return ++cuts_done_, true;
        return s_.cut_probability > 0 &&
               std::uniform_real_distribution<double>(0, 1)(random_) < s_.cut_probability;
    }

    // "<UTC time>\t<unix ms>\tcut\t<method path>\t<Kiosk-Request-Id>\t<upstream status line>\t<bytes held
    // back>"
    void record_cut(const Request& request, const std::string& response) {
        std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
        std::string status = response.substr(0, response.find("\r\n"));
        std::lock_guard lock(mutex_);
        if (log_.is_open())
            log_ << sync_tools::utc_ms_text(ms) << '\t' << ms << "\tcut\t" << request.method_and_path << '\t'
                 << request.request_id << '\t' << (status.empty() ? "(no answer)" : status) << '\t'
                 << response.size() << std::endl;
    }

    void complain(const std::string& what) {
        std::lock_guard lock(mutex_);
        std::cerr << "cut_proxy: " << what << "; the client's connection is closed" << std::endl;
    }

    Settings s_;
    std::mutex mutex_;
    std::mt19937_64 random_;
    int cuts_done_ = 0;
    std::size_t hostile_done_ = 0;
    std::ofstream log_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "A TCP proxy for HTTP/1.1 (plain) on 127.0.0.1 that cuts connections after the upstream answered:\n"
        "for the first --cut requests (and each further one with --cut-probability) whose path starts\n"
        "with --cut-path, the request goes to the upstream, its whole answer is read (the store has\n"
        "committed), then the client's connection is closed without a byte of it. Other requests pass.\n"
        "With --hostile, requests meet a middlebox's answers in turn (see --hostile).\n"
        "Prints 'listening on 127.0.0.1:<port>' once ready."};
    Settings s;
    int port = 0;
    std::string upstream, log_path;
    std::uint64_t seed = 1;
    app.add_option("--port", port, "port on 127.0.0.1; 0 picks a free one")->capture_default_str();
    app.add_option("--upstream", upstream, "host:port of the store (plain HTTP)")->required();
    app.add_option("--cut", s.cuts_wanted, "cut the first N answers")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--cut-probability", s.cut_probability, "then cut each answer with this probability")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", seed, "seed of the random choice of --cut-probability")->capture_default_str();
    app.add_option("--cut-path", s.cut_path, "cut only requests whose path starts with this ('/' for all)")
        ->capture_default_str();
    app.add_option("--upstream-timeout", s.upstream_timeout_s, "seconds to wait for the upstream's answer")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--log", log_path,
                   "append one line per cut: time, unix ms, 'cut', request, id, status, bytes; and one per "
                   "hostile answer: time, unix ms, answer, request, id");
    std::string hostile;
    app.add_option(
        "--hostile", hostile,
        "comma-separated answers given in turn, one per request: 404 403 400 407 (HTML pages, "
        "Server: hostile-middlebox/1.0), forged-409, forged-401 (store_time 2 h ahead), body "
        "(one byte changed on the way), strip (Kiosk-Signature removed), drop, cut, garbage, pass");
    app.add_option("--honest-when", s.honest_when, "once this file exists, every request passes unchanged");
    app.add_option("--hostile-path", s.hostile_path,
                   "only requests whose path starts with this meet --hostile")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try {
        for (std::size_t at = 0; !hostile.empty() && at <= hostile.size();) {
            std::size_t comma = std::min(hostile.find(',', at), hostile.size());
            std::string answer = hostile.substr(at, comma - at);
            if (std::find(hostile_answers.begin(), hostile_answers.end(), answer) == hostile_answers.end())
                throw std::runtime_error("--hostile: unknown answer '" + answer + "'");
            s.hostile.push_back(answer);
            at = comma + 1;
        }
        std::size_t colon = upstream.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == upstream.size())
            throw std::runtime_error("--upstream must be host:port, not '" + upstream + "'");
        s.upstream_host = upstream.substr(0, colon);
        s.upstream_port = upstream.substr(colon + 1);
        Proxy proxy(s, seed, log_path);

        Socket listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        int yes = 1;
        ::setsockopt(listener.fd(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        socklen_t size = sizeof address;
        if (listener.fd() < 0 || ::bind(listener.fd(), reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            ::listen(listener.fd(), 128) != 0 ||
            ::getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&address), &size) != 0)
            throw std::runtime_error("Unable to listen on 127.0.0.1:" + std::to_string(port) + ": " +
                                     std::strerror(errno));
        std::cout << "listening on 127.0.0.1:" << ntohs(address.sin_port) << std::endl;
        for (;;) {
            int client = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE) continue;
                throw std::runtime_error(std::string("Unable to accept a connection: ") +
                                         std::strerror(errno));
            }
            std::thread([&proxy, client] { proxy.serve(client); }).detach();
        }
    } catch (const std::exception& e) {
        std::cerr << "cut_proxy: " << e.what() << "\n";
        return 1;
    }
}
