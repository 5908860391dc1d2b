// Who may open the manager's view: the PIN against its hash, and a lockout that grows with each wrong
// PIN in a row, so that guessing a 4-digit PIN at the counter takes months, not minutes. The count of
// wrong PINs survives a restart (Kiosk reads it back from the alerts), so pulling the plug does not
// reset it. Times are wall-clock milliseconds (UTC), the alerts' own.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace kiosk {

class ManagerAccess {
  public:
    // Three wrong PINs are free (a fumbled keypad); the third locks for 30 s, and each one after it
    // doubles the lock, up to an hour: 10 guesses take about an hour, 100 about four days.
    static constexpr int free_attempts = 3;
    static constexpr std::chrono::seconds first_lock{30};
    static constexpr std::chrono::seconds longest_lock{3600};

    // `wrong_in_a_row` and `last_wrong_ms`: what the alerts say since the view last opened.
    ManagerAccess(std::string pin_hash, int wrong_in_a_row = 0,
                  std::optional<std::int64_t> last_wrong_ms = {});

    enum class Verdict { opened, wrong, locked };
    struct Attempt {
        Verdict verdict;
        int wrong_in_a_row = 0;
        std::chrono::seconds locked_for{0};  // from now; 0 when a PIN may be tried at once
    };
    // A PIN typed on the pad. While locked it is not even checked (the verdict is `locked`).
    Attempt try_pin(const std::string& pin, std::int64_t now_ms);
    // How long until a PIN may be tried, rounded up to whole seconds; 0 when it may be now.
    std::chrono::seconds locked_for(std::int64_t now_ms) const;
    int wrong_in_a_row() const { return wrong_in_a_row_; }
    // The lock that `wrong` PINs in a row earn (0 for fewer than `free_attempts`).
    static std::chrono::seconds lock_after(int wrong);

  private:
    std::string pin_hash_;
    int wrong_in_a_row_ = 0;
    std::optional<std::int64_t> last_wrong_ms_;
};

}  // namespace kiosk
