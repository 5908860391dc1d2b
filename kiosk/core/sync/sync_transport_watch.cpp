#include "sync_transport_watch.hpp"

#include <linux/tcp.h>  // tcp_info with the byte counters (glibc's netinet/tcp.h stops before them)
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kiosk {

TransferWatch::TransferWatch(const std::function<bool()>& stopping, const TransportLimits& limits)
    : stopping_(stopping), limits_(limits) {
    auto looks = std::chrono::duration_cast<std::chrono::milliseconds>(limits_.slow_for) / limits_.look_every;
    samples_.reserve(static_cast<std::size_t>(looks) + 2);
    sockets_.reserve(4);  // one address tried after another
    thread_ = std::thread([this] { run(); });
}

TransferWatch::~TransferWatch() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    wake_.notify_all();
    thread_.join();
    for (int s : sockets_) ::close(s);
}

void TransferWatch::add_socket(int socket) {
    int copy = ::dup(socket);
    if (copy < 0) return;  // unwatched, yet still bounded by cpp-httplib's own timeouts
    std::lock_guard lock(mutex_);
    sockets_.push_back(copy);
    if (stopped_ || too_slow_) ::shutdown(copy, SHUT_RDWR);
}

bool TransferWatch::stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
}

bool TransferWatch::too_slow() const {
    std::lock_guard lock(mutex_);
    return too_slow_;
}

std::uint64_t TransferWatch::bytes_moved() {
    std::uint64_t total = 0;
    for (int s : sockets_) {
        tcp_info info{};
        socklen_t size = sizeof info;
        if (::getsockopt(s, IPPROTO_TCP, TCP_INFO, &info, &size) == 0 &&
            size >= offsetof(tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
            total += info.tcpi_bytes_acked + info.tcpi_bytes_received;
    }
    return total;
}

void TransferWatch::shut_down() {
    for (int s : sockets_) ::shutdown(s, SHUT_RDWR);
}

// Allocates nothing: a thread's first malloc would give it an arena of its own.
void TransferWatch::run() {
    using clock = std::chrono::steady_clock;
    const std::uint64_t least =
        limits_.slow_bytes_per_s * static_cast<std::uint64_t>(limits_.slow_for.count());
    std::size_t next = 0;  // where the next sample goes once the ring is full
    std::unique_lock lock(mutex_);
    samples_.push_back({clock::now(), 0});
    while (!done_) {
        if (wake_.wait_for(lock, limits_.look_every, [this] { return done_; })) break;
        if (stopped_ || too_slow_) continue;
        lock.unlock();
        bool stop = stopping_ && stopping_();
        lock.lock();
        if (done_) break;
        if (stop) {
            stopped_ = true;
            shut_down();
            continue;
        }
        auto now = clock::now();
        std::uint64_t bytes = bytes_moved();
        // The window's start: the newest sample at least slow_for old (none yet in the first slow_for).
        const Sample* start = nullptr;
        for (const Sample& s : samples_)
            if (now - s.at >= limits_.slow_for && (!start || s.at > start->at)) start = &s;
        if (start && bytes - start->bytes < least) {
            too_slow_ = true;
            shut_down();
            continue;
        }
        if (samples_.size() < samples_.capacity()) {
            samples_.push_back({now, bytes});
        } else {
            samples_[next] = {now, bytes};
            next = (next + 1) % samples_.size();
        }
    }
}

}  // namespace kiosk
