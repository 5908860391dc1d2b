// Watches one transfer from a thread of its own, as libcurl's progress callback and low-speed limit
// did: every `look_every` it asks `stopping`, and measures the bytes the transfer's sockets moved both
// ways (the kernel's TCP counters: headers, TLS and a proxy's tunnel included). When the kiosk is
// stopping, or the transfer moved fewer than slow_bytes_per_s on average over the last slow_for, it
// shuts the sockets down: whatever cpp-httplib is waiting for (the connection, the TLS handshake, the
// answer) fails at once. It holds a duplicate of each socket, so it never touches a descriptor that
// was closed and reused for something else meanwhile.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sync_transport.hpp"

namespace kiosk {

class TransferWatch {
  public:
    TransferWatch(const std::function<bool()>& stopping, const TransportLimits& limits);
    ~TransferWatch();  // stops watching and closes its duplicates
    TransferWatch(const TransferWatch&) = delete;
    TransferWatch& operator=(const TransferWatch&) = delete;

    // A socket of the transfer, before it connects (connect_for_store).
    void add_socket(int socket);

    bool stopped() const;   // given up because the kiosk is stopping
    bool too_slow() const;  // given up because it moved too little for too long

  private:
    struct Sample {
        std::chrono::steady_clock::time_point at;
        std::uint64_t bytes = 0;
    };
    void run();
    std::uint64_t bytes_moved();  // with mutex_ held
    void shut_down();             // with mutex_ held

    const std::function<bool()>& stopping_;
    TransportLimits limits_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    bool stopped_ = false;
    bool too_slow_ = false;
    std::vector<int> sockets_;     // duplicates, ours to close
    std::vector<Sample> samples_;  // a ring over the last slow_for, allocated here, not in the thread
    std::thread thread_;           // last: started once everything above is ready
};

}  // namespace kiosk
