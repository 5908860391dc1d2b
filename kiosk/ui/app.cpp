#include "app.hpp"

#include <SDL.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "kiosk.hpp"
#include "kiosk_probe.hpp"
#include "log.hpp"
#include "script_host.hpp"
#include "script_runner.hpp"
#include "window.hpp"

namespace kiosk::ui {
namespace {

// SDL's video and events, started in one place and always ended there.
class SdlVideo {
  public:
    SdlVideo() {
        // Window-close requests (Alt+F4 under a window manager) do not end a kiosk; SIGTERM still does.
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        ok_ = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0;
        if (!ok_) log_error(std::string("Unable to open a display: ") + SDL_GetError());
    }
    ~SdlVideo() { SDL_Quit(); }
    bool ok() const { return ok_; }

  private:
    bool ok_ = false;
};

// SDL falls back to a driver that shows nothing when no display answers (DISPLAY unset, or an X server
// not up yet at boot): a kiosk there would run unseen for ever and hold the database. Exit instead, so
// systemd starts it again when the display is there. Tests may ask for them with SDL_VIDEODRIVER.
bool on_a_real_display() {
    const char* driver = SDL_GetCurrentVideoDriver();
    std::string name = driver ? driver : "";
    if (name != "offscreen" && name != "dummy") return true;
    const char* asked = std::getenv("SDL_VIDEODRIVER");
    if (asked && name == asked) return true;
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    log_error(
        "Unable to open a display: no X11 or Wayland display answered (DISPLAY=" +
        std::string(x ? x : "(unset)") + ", WAYLAND_DISPLAY=" + std::string(wayland ? wayland : "(unset)") +
        "); SDL offered only its '" + name + "' driver, which shows nothing. Set SDL_VIDEODRIVER=" + name +
        " to run without a screen on purpose.");
    return false;
}

// For the benchmark: tap-to-durable times, one per line in microseconds, where it asks for them.
void write_tap_timings(const KioskProbe& probe, const std::string& path) {
    if (path.empty()) return;
    std::ofstream out(path);
    for (long long us : probe.tap_to_durable_us()) out << us << "\n";
    if (!out) log_error("Unable to write the tap timings to " + path);
}

}  // namespace

int run_kiosk(Kiosk& kiosk, const Catalogues& catalogues, const AppOptions& options) {
    std::unique_ptr<ScriptRunner> script;
    if (!options.script.empty()) {
        try {
            script = std::make_unique<ScriptRunner>(options.script, options.screenshots);
        } catch (const std::exception& e) {
            log_error(e.what());
            return 64;
        }
    }
    SdlVideo sdl;
    if (!sdl.ok() || !on_a_real_display()) return EXIT_FAILURE;
    KioskWindow window(kiosk, catalogues, options);
    if (!window.open()) return EXIT_FAILURE;
    if (!script) {
        window.run();
        log_info("stopped after " + std::to_string(window.frames_presented()) + " frames");
        return EXIT_SUCCESS;
    }
    if (!options.tap_latency_file.empty()) kiosk.probe().record_tap_timings();
    WindowScriptHost host(window, kiosk);
    window.run([&] { return script->step(host); });
    for (const auto& failure : script->failures()) log_error("script: " + failure);
    log_info(std::string("script ") + (script->passed() ? "passed" : "FAILED") + " after " +
             std::to_string(script->steps_run()) + " steps, " + std::to_string(window.frames_presented()) +
             " frames");
    write_tap_timings(kiosk.probe(), options.tap_latency_file);
    return script->passed() ? EXIT_SUCCESS : EXIT_FAILURE;
}

}  // namespace kiosk::ui
