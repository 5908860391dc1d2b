// The kiosk's window: the frame loop (the only place that waits) and drawing. It reads the kiosk's
// state, draws the screen, and hands what a tap asked for to the kiosk before any frame shows it.
#pragma once
#include <imgui.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "display.hpp"
#include "fonts.hpp"
#include "layout.hpp"
#include "screens/screens.hpp"
#include "touch_input.hpp"
#include "widgets.hpp"

namespace kiosk {
class Catalogues;
class Kiosk;
}  // namespace kiosk

namespace kiosk::ui {

struct AppOptions;

// Scripted mode's next step, run once the screen has settled: how long to wait before the next one,
// or nullopt when the script has ended.
using NextScriptStep = std::function<std::optional<std::chrono::milliseconds>()>;

class KioskWindow {
  public:
    KioskWindow(Kiosk& kiosk, const Catalogues& catalogues, const AppOptions& options);
    ~KioskWindow();  // unwinds what open() set up, in reverse order
    KioskWindow(const KioskWindow&) = delete;
    KioskWindow& operator=(const KioskWindow&) = delete;

    // Sets up the window, renderer, ImGui and fonts; logs "Unable to …" and returns false on failure.
    bool open();
    // Runs until quit, or until `script` (when given) has ended.
    void run(const NextScriptStep& script = {});

    // For scripted mode.
    std::optional<Box> target(const std::string& name) const;
    ImVec2 size() const;
    void push_tap(ImVec2 at);
    bool push_event(const std::string& kind);              // see ScriptHost::push_event
    std::string save_screenshot(const std::string& path);  // "" or what went wrong
    std::string set_text_scale(float scale);               // "" or what went wrong

    // How many frames were presented (the log says it at the end).
    long frames_presented() const { return frames_presented_; }

  private:
    // Returns whether the event can change what is on screen.
    bool handle(const union SDL_Event& event);
    void draw_frame();
    bool quiet_welcome() const;
    bool build_fonts_now();

    Kiosk& kiosk_;
    const Catalogues& catalogues_;
    const AppOptions& options_;
    std::vector<LanguageChoice> languages_;  // the grid's order
    std::vector<LanguageChoice> strip_;      // Welcome's strip

    struct ImGuiContextOwner;
    std::unique_ptr<ImGuiContextOwner> imgui_;  // destroyed after the display's renderer
    std::unique_ptr<Display> display_;
    Theme theme_;
    Fonts fonts_;
    Layout layout_;
    TouchInput touch_;
    TouchTargets targets_;
    bool quit_ = false;
    int frames_to_draw_ = 1;
    long frames_presented_ = 0;
    std::chrono::steady_clock::time_point last_frame_ = std::chrono::steady_clock::now();
    bool greeting_only_ = false;
    std::string screenshot_path_;
    std::string screenshot_error_;
};

}  // namespace kiosk::ui
