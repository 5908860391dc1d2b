#include "manager_access.hpp"

#include <algorithm>

#include "pin_hash.hpp"

namespace kiosk {

ManagerAccess::ManagerAccess(std::string pin_hash, int wrong_in_a_row,
                             std::optional<std::int64_t> last_wrong_ms)
    : pin_hash_(std::move(pin_hash)), wrong_in_a_row_(wrong_in_a_row), last_wrong_ms_(last_wrong_ms) {}

std::chrono::seconds ManagerAccess::lock_after(int wrong) {
    if (wrong < free_attempts) return std::chrono::seconds(0);
    int doublings = std::min(wrong - free_attempts, 16);  // 30 s << 7 is past the hour already
    return std::min(std::chrono::seconds(first_lock.count() << doublings), longest_lock);
}

std::chrono::seconds ManagerAccess::locked_for(std::int64_t now_ms) const {
    if (!last_wrong_ms_) return std::chrono::seconds(0);
    std::int64_t lock_ms = lock_after(wrong_in_a_row_).count() * 1000;
    // A clock set back makes the last wrong PIN look to be in the future: the lock then runs from now,
    // never longer than it was.
    std::int64_t since = std::max<std::int64_t>(now_ms - *last_wrong_ms_, 0);
    std::int64_t left_ms = std::max<std::int64_t>(lock_ms - since, 0);
    return std::chrono::seconds((left_ms + 999) / 1000);
}

ManagerAccess::Attempt ManagerAccess::try_pin(const std::string& pin, std::int64_t now_ms) {
    if (auto left = locked_for(now_ms); left.count() > 0) return {Verdict::locked, wrong_in_a_row_, left};
    if (pin_matches(pin_hash_, pin)) {
        wrong_in_a_row_ = 0;
        last_wrong_ms_.reset();
        return {Verdict::opened, 0, std::chrono::seconds(0)};
    }
    ++wrong_in_a_row_;
    last_wrong_ms_ = now_ms;
    return {Verdict::wrong, wrong_in_a_row_, locked_for(now_ms)};
}

}  // namespace kiosk
