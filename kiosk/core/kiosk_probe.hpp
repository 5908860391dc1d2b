// What scripted mode and the benchmark may see and do in a running kiosk, and nothing more: move the
// kiosk's clock, read the database on a read-only connection of their own (never the live one), and
// read the tap-to-durable times the kiosk measured.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

class SystemClock;
class StoreReader;

class KioskProbe {
  public:
    KioskProbe(SystemClock& clock, std::string database_path);
    ~KioskProbe();

    void advance_clock(std::chrono::milliseconds by);
    // First column of the first row, as text; nullopt when there is no row. Throws on bad SQL.
    std::optional<std::string> query(const std::string& sql);

    // From the moment a finger lifted to the end of the commit of what that tap changed; kept only
    // once the benchmark asked for them, so a kiosk that runs for months does not collect them all.
    void record_tap_timings() { recording_ = true; }
    void tap_durable_after(std::chrono::microseconds elapsed) {
        if (recording_) tap_to_durable_us_.push_back(elapsed.count());
    }
    const std::vector<long long>& tap_to_durable_us() const { return tap_to_durable_us_; }

  private:
    SystemClock& clock_;
    std::string database_path_;
    std::unique_ptr<StoreReader> reader_;  // opened at the first query
    bool recording_ = false;
    std::vector<long long> tap_to_durable_us_;
};

}  // namespace kiosk
