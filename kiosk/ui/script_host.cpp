#include "script_host.hpp"

#include "kiosk.hpp"
#include "kiosk_probe.hpp"
#include "window.hpp"

namespace kiosk::ui {

std::string WindowScriptHost::screen_name() const { return to_string(kiosk_.flow().screen()); }

std::string WindowScriptHost::overlay_name() const {
    const SurveyFlow& f = kiosk_.flow();
    return f.asking_still_there() ? "still-there" : f.language_picker_open() ? "languages" : "none";
}

std::string WindowScriptHost::language() const { return kiosk_.flow().language(); }
std::optional<Box> WindowScriptHost::target(const std::string& name) const { return window_.target(name); }
ImVec2 WindowScriptHost::window_size() const { return window_.size(); }
void WindowScriptHost::push_tap(ImVec2 at) { window_.push_tap(at); }
void WindowScriptHost::advance_clock(std::chrono::milliseconds by) { kiosk_.probe().advance_clock(by); }

std::chrono::milliseconds WindowScriptHost::until_taps_count() const {
    return std::chrono::ceil<std::chrono::milliseconds>(kiosk_.taps_count_from() -
                                                        std::chrono::steady_clock::now());
}

std::optional<std::chrono::milliseconds> WindowScriptHost::until_screen_moves() const {
    Now now = kiosk_.now();
    auto due = kiosk_.flow().next_deadline(now);
    if (!due) return std::nullopt;
    return std::chrono::ceil<std::chrono::milliseconds>(*due - now.steady);
}
std::string WindowScriptHost::save_screenshot(const std::string& path) {
    return window_.save_screenshot(path);
}
std::string WindowScriptHost::set_text_scale(float scale) { return window_.set_text_scale(scale); }
bool WindowScriptHost::push_event(const std::string& kind) { return window_.push_event(kind); }
long WindowScriptHost::frames_presented() const { return window_.frames_presented(); }
std::optional<std::string> WindowScriptHost::query(const std::string& sql) {
    return kiosk_.probe().query(sql);
}

}  // namespace kiosk::ui
