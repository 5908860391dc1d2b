// A bounded pool of database connections shared by the service's threads: a thread borrows one for a
// whole method (so a transaction stays on one connection) and gives it back; a connection found broken
// is dropped instead, and the next borrower opens a fresh one.
#pragma once
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ledger.hpp"

namespace central {

template <class Connection>
class ConnectionPool {
  public:
    // `open` makes a new connection (throws LedgerUnavailable); `name` is the redacted URL, for messages.
    ConnectionPool(std::function<std::unique_ptr<Connection>()> open, int size, std::string name)
        : open_(std::move(open)), size_(size), name_(std::move(name)) {
        assert(size_ > 0 && "a connection pool needs room for at least one connection");
    }

    // A borrowed connection; back to the pool when it goes out of scope, unless marked broken.
    class Lease {
      public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool), connection_(std::move(connection)) {}
        Lease(Lease&& other) noexcept
            : pool_(std::exchange(other.pool_, nullptr)),
              connection_(std::move(other.connection_)),
              broken_(other.broken_) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (pool_ != nullptr) pool_->give_back(std::move(connection_), broken_);
        }
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }
        // The connection is in an unknown state (lost, or a statement left half-read): never reuse it.
        void mark_broken() { broken_ = true; }

      private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
        bool broken_ = false;
    };

    // Waits for a free connection (or room to open one) until `wait`, then gives up with
    // LedgerUnavailable: a stuck database must not pile up the service's threads forever.
    Lease borrow(std::chrono::milliseconds wait = std::chrono::seconds(30)) {
        std::unique_lock lock(mutex_);
        if (!freed_.wait_for(lock, wait, [&] { return !idle_.empty() || open_count_ < size_; })) {
            throw LedgerUnavailable(name_ + ": all " + std::to_string(size_) +
                                    " database connections stayed busy for " +
                                    std::to_string(wait.count() / 1000) + " s");
        }
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(connection));
        }
        ++open_count_;  // counted before opening, outside the lock, so a slow connect blocks no one
        lock.unlock();
        try {
            return Lease(*this, open_());
        } catch (...) {
            lock.lock();
            --open_count_;
            freed_.notify_one();
            throw;
        }
    }

    // Drops every idle connection (after the database went away, so none is reused).
    void drop_idle() {
        std::lock_guard lock(mutex_);
        open_count_ -= static_cast<int>(idle_.size());
        idle_.clear();
        freed_.notify_all();
    }

  private:
    void give_back(std::unique_ptr<Connection> connection, bool broken) {
        std::lock_guard lock(mutex_);
        if (broken || connection == nullptr) {
            --open_count_;
        } else {
            idle_.push_back(std::move(connection));
        }
        freed_.notify_one();
    }

    std::function<std::unique_ptr<Connection>()> open_;
    int size_;
    std::string name_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_count_ = 0;  // idle and lent out
};

}  // namespace central
