// slow_clients: the hostile tester's attack on a store, for tests/sync/slow_clients.sh. N connections, each
// sending a request as slowly as it likes: half send a header line every --interval-ms and never end the
// head; half send a whole head with Content-Length and then one byte of body every --interval-ms. A
// connection the store closes (or answers) is opened again after --reconnect-ms, so the pressure stays
// for --duration-s. No key is needed for this, which is the point.
//
// It reports what the test asserts: connections opened, those refused at once (closed before a request
// could start, as a per-address limit does), those the store closed or answered, the answers' status
// codes, and the longest a connection sending a head, and one sending a body, was held open (one still
// open at the end counts for the whole run: a store without a deadline on requests holds them all).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string source;  // bind to this address first (an attacker's own address on loopback)
    bool tls = false;
    int connections = 200;
    int interval_ms = 2000;
    int reconnect_ms = 1000;
    double duration_s = 30;
};

struct Tally {
    std::int64_t opened = 0;
    std::int64_t connect_failures = 0;            // no TCP connection at all
    std::int64_t refused_at_once = 0;             // closed within half a second, or during the TLS handshake
    std::int64_t closed_by_store = 0;             // closed or answered while sending slowly
    std::map<std::string, std::int64_t> answers;  // status code of what the store sent back
    std::int64_t bytes_sent = 0;
    double longest_head_s = 0;  // held open while sending its head line by line
    double longest_body_s = 0;  // held open while sending its body byte by byte
};

// One slow connection: plain TCP, or TLS over it (the handshake done at full speed, as a browser would).
struct Slot {
    int fd = -1;
    SSL* ssl = nullptr;
    bool body_mode = false;  // a whole head then the body byte by byte; else the head line by line
    std::size_t pieces_sent = 0;
    Clock::time_point opened{};
    Clock::time_point next{};  // when to send the next piece, or to connect again
};

void close_slot(Slot& slot) {
    if (slot.ssl) SSL_free(slot.ssl);
    if (slot.fd >= 0) ::close(slot.fd);
    slot.ssl = nullptr;
    slot.fd = -1;
    slot.pieces_sent = 0;
}

// Connects (blocking, with a 2 s bound), does the TLS handshake when asked, then makes the socket
// non-blocking so that checking for the store's answer never waits. False when no connection came of it.
bool open_slot(Slot& slot, const Settings& s, SSL_CTX* tls, Tally& tally) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    timeval bound{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    if (!s.source.empty()) {
        ::inet_pton(AF_INET, s.source.c_str(), &address.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd);
            throw std::runtime_error("cannot bind to --source " + s.source);
        }
    }
    address.sin_port = htons(static_cast<std::uint16_t>(s.port));
    ::inet_pton(AF_INET, s.host.c_str(), &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        ++tally.connect_failures;
        return false;
    }
    slot.fd = fd;
    if (tls) {
        slot.ssl = SSL_new(tls);
        SSL_set_fd(slot.ssl, fd);
        if (SSL_connect(slot.ssl) != 1) {  // a store that refuses the address closes during the handshake
            ERR_clear_error();
            close_slot(slot);
            ++tally.opened;
            ++tally.refused_at_once;
            return false;
        }
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ++tally.opened;
    slot.opened = Clock::now();
    return true;
}

enum class Heard { nothing, answered, closed };

// What the store said, without waiting: an answer (its status line is counted), a close, or nothing.
Heard listen_to_store(Slot& slot, Tally& tally) {
    char buffer[512];
    long got = 0;
    if (slot.ssl) {
        got = SSL_read(slot.ssl, buffer, sizeof buffer);
        if (got <= 0) {
            const int error = SSL_get_error(slot.ssl, static_cast<int>(got));
            ERR_clear_error();
            return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE ? Heard::nothing
                                                                                 : Heard::closed;
        }
    } else {
        got = ::recv(slot.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? Heard::nothing : Heard::closed;
        if (got == 0) return Heard::closed;
    }
    std::string head(buffer, static_cast<std::size_t>(got));
    std::string status = head.rfind("HTTP/1.", 0) == 0 && head.size() >= 12 ? head.substr(9, 3) : "other";
    ++tally.answers[status];
    return Heard::answered;
}

// The next piece of this slot's request: one header line, or one byte of body after a whole head.
std::string next_piece(const Slot& slot) {
    if (slot.pieces_sent == 0)
        return slot.body_mode
                   ? "POST /v1/batches HTTP/1.1\r\nHost: store\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100000\r\n\r\n{"
                   : "POST /v1/batches HTTP/1.1\r\nHost: store\r\n";
    return slot.body_mode ? std::string(" ") : "X-Slow-" + std::to_string(slot.pieces_sent) + ": 1\r\n";
}

bool send_piece(Slot& slot, const std::string& piece) {
    long sent = slot.ssl ? SSL_write(slot.ssl, piece.data(), static_cast<int>(piece.size()))
                         : ::send(slot.fd, piece.data(), piece.size(), MSG_NOSIGNAL);
    if (slot.ssl && sent <= 0) ERR_clear_error();
    return sent == static_cast<long>(piece.size());
}

void run(const Settings& s, Tally& tally) {
    SSL_CTX* tls = nullptr;
    if (s.tls) {
        tls = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, nullptr);  // an attacker checks nothing
    }
    std::vector<Slot> slots(static_cast<std::size_t>(s.connections));
    const auto start = Clock::now();
    const auto end = start + std::chrono::milliseconds(static_cast<std::int64_t>(s.duration_s * 1000));
    const auto interval = std::chrono::milliseconds(s.interval_ms);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        slots[i].body_mode = i % 2 == 1;
        slots[i].next =
            start + interval * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(slots.size());
    }
    auto held = [&](const Slot& slot, Clock::time_point now) {
        double& longest = slot.body_mode ? tally.longest_body_s : tally.longest_head_s;
        longest = std::max(longest, std::chrono::duration<double>(now - slot.opened).count());
    };
    // Closed within half a second of opening: refused (a per-address limit), not cut short while slow.
    auto ended = [&](Slot& slot, Clock::time_point now) {
        held(slot, now);
        (now - slot.opened < std::chrono::milliseconds(500) ? tally.refused_at_once
                                                            : tally.closed_by_store)++;
        close_slot(slot);
        slot.next = now + std::chrono::milliseconds(s.reconnect_ms);
    };
    while (Clock::now() < end) {
        for (Slot& slot : slots) {
            const auto now = Clock::now();
            if (now < slot.next) continue;
            if (slot.fd < 0) {
                if (!open_slot(slot, s, tls, tally)) {
                    slot.next = now + std::chrono::milliseconds(s.reconnect_ms);
                    continue;
                }
            } else if (listen_to_store(slot, tally) != Heard::nothing) {
                ended(slot, now);
                continue;
            }
            const std::string piece = next_piece(slot);
            if (!send_piece(slot, piece)) {
                ended(slot, now);
                continue;
            }
            tally.bytes_sent += static_cast<std::int64_t>(piece.size());
            ++slot.pieces_sent;
            slot.next = now + interval;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto now = Clock::now();
    for (Slot& slot : slots) {
        if (slot.fd >= 0) held(slot, now);  // still held at the end: the store never cut it
        close_slot(slot);
    }
    if (tls) SSL_CTX_free(tls);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Holds connections to a store open by sending requests slowly (a slow-client attack)."};
    Settings s;
    std::string json_path;
    app.add_option("--host", s.host, "the store's IPv4 address")->capture_default_str();
    app.add_option("--port", s.port, "the store's port")->required();
    app.add_option("--source", s.source, "connect from this local IPv4 address (e.g. 127.0.0.2)");
    app.add_flag("--tls", s.tls, "speak TLS (the certificate is not checked)");
    app.add_option("--connections", s.connections, "connections kept sending")->capture_default_str();
    app.add_option("--interval-ms", s.interval_ms, "between one connection's pieces")->capture_default_str();
    app.add_option("--reconnect-ms", s.reconnect_ms, "before opening a closed connection again")
        ->capture_default_str();
    app.add_option("--duration-s", s.duration_s, "how long to keep at it")->capture_default_str();
    app.add_option("--json", json_path, "write the tally as JSON to this file");
    CLI11_PARSE(app, argc, argv);
    try {
        Tally tally;
        run(s, tally);
        nlohmann::json summary = {{"connections", s.connections},
                                  {"opened", tally.opened},
                                  {"connect_failures", tally.connect_failures},
                                  {"refused_at_once", tally.refused_at_once},
                                  {"closed_by_store", tally.closed_by_store},
                                  {"answers", tally.answers},
                                  {"bytes_sent", tally.bytes_sent},
                                  {"longest_head_s", tally.longest_head_s},
                                  {"longest_body_s", tally.longest_body_s}};
        std::cout << "slow_clients: " << summary.dump() << std::endl;
        if (!json_path.empty()) {
            std::ofstream out(json_path);
            out << summary.dump(2) << "\n";
            if (!out) throw std::runtime_error("Unable to write the tally to " + json_path);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "slow_clients: " << e.what() << "\n";
        return 2;
    }
}
