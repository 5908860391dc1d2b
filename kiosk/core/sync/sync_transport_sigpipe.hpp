// Writing to a connection the other end has reset raises SIGPIPE, whose default ends the process, and
// cpp-httplib and OpenSSL's socket BIO write without MSG_NOSIGNAL (libcurl did not need this). For as
// long as it lives, SigpipeBlocked blocks SIGPIPE for the calling thread, so such a write fails with
// EPIPE instead; a SIGPIPE raised meanwhile is taken before the thread's mask is restored.
#pragma once
#include <signal.h>

namespace kiosk {

class SigpipeBlocked {
  public:
    SigpipeBlocked() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        was_pending_ = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlocked() {
        sigset_t pending;
        if (!was_pending_ && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
            timespec now{};
            sigtimedwait(&pipe_, nullptr, &now);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  private:
    sigset_t pipe_{};
    sigset_t old_{};
    bool was_pending_ = false;  // not ours to take
};

}  // namespace kiosk
