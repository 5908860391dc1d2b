// Scripted mode's view of the running kiosk: the window's touch targets and screenshots, the kiosk's
// state, and the kiosk's probe (its clock, a read-only connection of its own). Nothing else.
#pragma once
#include "script_runner.hpp"

namespace kiosk {
class Kiosk;
}

namespace kiosk::ui {

class KioskWindow;

class WindowScriptHost final : public ScriptHost {
  public:
    WindowScriptHost(KioskWindow& window, Kiosk& kiosk) : window_(window), kiosk_(kiosk) {}

    std::string screen_name() const override;
    std::string overlay_name() const override;
    std::string language() const override;
    std::optional<Box> target(const std::string& name) const override;
    ImVec2 window_size() const override;
    void push_tap(ImVec2 at) override;
    void advance_clock(std::chrono::milliseconds by) override;
    std::chrono::milliseconds until_taps_count() const override;
    std::optional<std::chrono::milliseconds> until_screen_moves() const override;
    std::string save_screenshot(const std::string& path) override;
    std::string set_text_scale(float scale) override;
    bool push_event(const std::string& kind) override;
    long frames_presented() const override;
    std::optional<std::string> query(const std::string& sql) override;

  private:
    KioskWindow& window_;
    Kiosk& kiosk_;
};

}  // namespace kiosk::ui
