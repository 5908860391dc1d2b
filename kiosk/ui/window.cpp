#include "window.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <fstream>

#include "app.hpp"
#include "catalogues.hpp"
#include "kiosk.hpp"
#include "language_order.hpp"
#include "log.hpp"
#include "screens/current_screen.hpp"
#include "screenshot.hpp"

namespace kiosk::ui {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// How many frames to draw after an input event: ImGui 1.86 sees a press and its release on separate
// frames, and a window measures itself on its first frame.
constexpr int frames_after_input = 3;

}  // namespace

// ImGui's context, made first and destroyed last (the renderer back ends shut down inside it).
struct KioskWindow::ImGuiContextOwner {
    ImGuiContextOwner() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
    }
    ~ImGuiContextOwner() { ImGui::DestroyContext(); }
};

KioskWindow::KioskWindow(Kiosk& kiosk, const Catalogues& catalogues, const AppOptions& options)
    : kiosk_(kiosk), catalogues_(catalogues), options_(options) {
    const KioskConfig& c = kiosk.config();
    auto endonym = [&](const std::string& code) { return catalogues.endonym(code); };
    for (const auto& code : grid_order(c.languages, c.default_language, c.counter_languages, endonym))
        languages_.push_back({code, endonym(code)});
    for (const auto& code : strip_order(c.default_language, c.counter_languages))
        strip_.push_back({code, endonym(code)});
}

KioskWindow::~KioskWindow() {
    display_.reset();  // the renderer first: its back end lives in the ImGui context
    imgui_.reset();
}

bool KioskWindow::open() {
    imgui_ = std::make_unique<ImGuiContextOwner>();
    std::string error;
    display_ = open_display(kiosk_.config().display, options_.windowed, error);
    if (!display_) {
        log_error(error);
        return false;
    }
    theme_.dpi = display_->dpi;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of the UI is written to disk
    io.LogFilename = nullptr;
    io.BackendPlatformName = "kiosk-touch";
    io.DisplaySize = size();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = {0, 0};
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.DisabledAlpha = 0.4f;
    if (!build_fonts_now()) return false;
    log_info("display " + std::to_string(display_->width) + "x" + std::to_string(display_->height) + " at " +
             std::to_string(static_cast<int>(display_->dpi)) + " dpi; renderer " +
             display_->renderer->name());
    return true;
}

bool KioskWindow::build_fonts_now() {
    AtlasFigures figures;
    std::string glyphs;
    try {
        glyphs = gather_glyph_text(catalogues_, kiosk_.config());
    } catch (const std::exception& e) {
        log_error(std::string("Unable to gather the characters the fonts need: ") + e.what());
        return false;
    }
    if (auto failure = build_fonts(*ImGui::GetIO().Fonts, theme_, glyphs, fonts_, figures);
        !failure.empty()) {
        log_error("Unable to build the fonts: " + failure);
        return false;
    }
    log_info("font atlas " + std::to_string(figures.width) + "x" + std::to_string(figures.height) + ", " +
             std::to_string(figures.glyphs) + " glyphs at " + std::to_string(font_size_count) + " sizes");
    layout_ = Layout::compute(ImGui::GetIO().DisplaySize, theme_);
    return true;
}

std::string KioskWindow::set_text_scale(float scale) {
    // Between frames: ImGui must not hold draw data that points into the old atlas. When the new
    // fonts cannot be made, the old ones are built and loaded again, so text stays readable.
    float previous = theme_.text_scale;
    theme_.text_scale = scale;
    if (build_fonts_now() && display_->renderer->reload_font_texture()) {
        release_font_build_data(*ImGui::GetIO().Fonts);
        frames_to_draw_ = std::max(frames_to_draw_, 1);
        return {};
    }
    theme_.text_scale = previous;
    if (!build_fonts_now() || !display_->renderer->reload_font_texture())
        log_error("Unable to restore the fonts at text scale " + std::to_string(previous));
    frames_to_draw_ = std::max(frames_to_draw_, 1);
    return "Unable to rebuild the fonts at text scale " + std::to_string(scale) + " (see the log)";
}

std::optional<Box> KioskWindow::target(const std::string& name) const {
    auto it = targets_.find(name);
    return it == targets_.end() ? std::nullopt : std::optional<Box>(it->second);
}

ImVec2 KioskWindow::size() const {
    return {static_cast<float>(display_->width), static_cast<float>(display_->height)};
}

void KioskWindow::push_tap(ImVec2 at) {
    SDL_Event e{};
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = at.x / static_cast<float>(display_->width);
    e.tfinger.y = at.y / static_cast<float>(display_->height);
    e.tfinger.pressure = 1;
    e.type = SDL_FINGERDOWN;
    SDL_PushEvent(&e);
    e.type = SDL_FINGERUP;
    SDL_PushEvent(&e);
}

bool KioskWindow::push_event(const std::string& kind) {
    SDL_Event e{};
    if (kind == "window-focus") {
        e.type = SDL_WINDOWEVENT;
        e.window.event = SDL_WINDOWEVENT_FOCUS_GAINED;
        e.window.windowID = SDL_GetWindowID(display_->window);
    } else if (kind == "touch-mouse") {
        e.type = SDL_MOUSEMOTION;
        e.motion.which = SDL_TOUCH_MOUSEID;
        e.motion.x = display_->width / 2;
        e.motion.y = display_->height / 2;
    } else if (kind == "wake") {
        e.type = SDL_USEREVENT;
    } else {
        return false;
    }
    return SDL_PushEvent(&e) == 1;
}

std::string KioskWindow::save_screenshot(const std::string& path) {
    screenshot_path_ = path;
    draw_frame();
    return std::exchange(screenshot_error_, {});
}

bool KioskWindow::quiet_welcome() const {
    const SurveyFlow& f = kiosk_.flow();
    return f.screen() == Screen::welcome && !has_overlay(f);
}

bool KioskWindow::handle(const SDL_Event& e) {
    // When it happened, not when the loop got to it: the guard against taps on what was not yet seen
    // compares the press with when the screen appeared, and tap-to-durable is timed from the release.
    auto age = milliseconds(static_cast<Sint64>(SDL_GetTicks()) - static_cast<Sint64>(e.common.timestamp));
    auto at = kiosk_.steady_now() - std::max(age, milliseconds(0));
    switch (touch_.handle(e, display_->width, display_->height, at)) {
        case TouchInput::Taken::queued:
            if (e.type == SDL_FINGERDOWN || e.type == SDL_MOUSEBUTTONDOWN) kiosk_.activity();
            return true;
        case TouchInput::Taken::ignored:
            return false;
        case TouchInput::Taken::not_pointer:
            break;
    }
    switch (e.type) {
        case SDL_QUIT:  // SIGTERM or SIGINT from systemd or the shell
            quit_ = true;
            return false;
        case SDL_KEYDOWN:
            kiosk_.activity();  // a keypad or keyboard user is still there
            // Only in development: a kiosk in a public hall has no keyboard way out.
            if (options_.windowed && e.key.keysym.sym == SDLK_ESCAPE) quit_ = true;
            return false;
        case SDL_WINDOWEVENT:
            // Only a window whose contents were lost (uncovered, under X without a compositor) is
            // drawn again; focus, moves and the like change nothing on it.
            return e.window.event == SDL_WINDOWEVENT_EXPOSED;
        default:
            return false;
    }
}

void KioskWindow::draw_frame() {
    ImGuiIO& io = ImGui::GetIO();
    auto now = Steady::now();
    // Never the whole sleep: an animation must not jump after the kiosk slept for an hour.
    io.DeltaTime = std::clamp(std::chrono::duration<float>(now - last_frame_).count(), 0.001f, 0.1f);
    last_frame_ = now;
    touch_.apply(io);
    display_->renderer->new_frame();
    ImGui::NewFrame();

    targets_.clear();
    Now kiosk_now = kiosk_.now();
    const SurveyFlow& flow = kiosk_.flow();
    Text text(catalogues_, flow.language());
    Ui ui{theme_, fonts_, layout_, text, targets_};
    VisitView visit{flow, kiosk_.config(), catalogues_, languages_, strip_, kiosk_now};
    constexpr ImGuiWindowFlags full_screen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                             ImGuiWindowFlags_NoSavedSettings |
                                             ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    // No window background: the renderer clears to the theme's background, and a second full-screen
    // fill would double the software renderer's work.
    ImGui::Begin("kiosk", nullptr,
                 full_screen | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    Intent intent = render_current_screen(ui, visit);
    ImGui::End();
    if (has_overlay(flow)) {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::SetNextWindowFocus();
        ImGui::Begin("overlay", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
        intent = render_current_overlay(ui, visit);
        ImGui::End();
    }

    // The tap is on disk before any frame is rendered for it; the kiosk drops a tap on what the
    // citizen had not yet seen (a double tap's second half).
    if (intent) {
        intent.pressed_at = touch_.pressed_at();
        intent.released_at = touch_.released_at();
        if (kiosk_.apply(intent)) frames_to_draw_ = std::max(frames_to_draw_, frames_after_input);
    }
    // A frame that a tap changed, or that more input will change at once, is not worth presenting:
    // the next one shows the result.
    if ((intent || touch_.pending()) && screenshot_path_.empty()) {
        ImGui::EndFrame();
        return;
    }
    ImGui::Render();

    std::optional<Box> damage;
    if (greeting_only_ && screenshot_path_.empty())
        damage = welcome_greeting_area(layout_, static_cast<int>(strip_.size()));
    display_->renderer->draw(ImGui::GetDrawData(), theme_.palette.background, damage ? &*damage : nullptr);
    greeting_only_ = false;
    if (!screenshot_path_.empty())
        screenshot_error_ = write_screenshot(*display_->renderer, std::exchange(screenshot_path_, {}));
    display_->renderer->present();
    if (frames_presented_++ == 0) {
        release_font_build_data(*io.Fonts);  // the renderer has its texture now
        if (!options_.first_frame_file.empty()) {
            auto ms =
                std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            if (!(std::ofstream(options_.first_frame_file) << ms << "\n"))
                log_error("Unable to write the first frame's time to " + options_.first_frame_file);
        }
    }
}

void KioskWindow::run(const NextScriptStep& script) {
    std::optional<Steady::time_point> script_due = Steady::now();

    while (!quit_) {
        // Sleep until input or the earliest moment anything is due; -1 waits for input alone.
        int timeout_ms = -1;
        if (frames_to_draw_ > 0 || touch_.pending()) {
            timeout_ms = 0;
        } else {
            std::optional<Steady::time_point> wake = kiosk_.next_wake();
            if (script && script_due) wake = wake ? std::min(*wake, *script_due) : *script_due;
            if (wake) {
                auto wait = std::chrono::ceil<milliseconds>(*wake - Steady::now()).count();
                timeout_ms = static_cast<int>(std::clamp<long long>(wait, 0, 24 * 3600 * 1000));
            }
        }
        SDL_Event event;
        bool got = timeout_ms < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout_ms);
        bool redraw = false;
        if (got) {
            redraw = handle(event);
            while (SDL_PollEvent(&event)) redraw = handle(event) || redraw;
        }
        if (redraw) frames_to_draw_ = std::max(frames_to_draw_, frames_after_input);
        bool calm_welcome = quiet_welcome();
        if (kiosk_.tick()) {
            // Only the greeting moved on an untouched Welcome: the rest of the frame is still valid.
            greeting_only_ = frames_to_draw_ == 0 && !touch_.pending() && calm_welcome && quiet_welcome();
            frames_to_draw_ = std::max(frames_to_draw_, 1);
        }
        if (frames_to_draw_ > 0 || touch_.pending()) {
            draw_frame();
            if (frames_to_draw_ > 0) --frames_to_draw_;
            continue;
        }
        // The screen has settled: the script's next step (which first lets the tap guard pass, by
        // moving the kiosk's clock or by waiting, as its pace says).
        if (script && script_due && Steady::now() >= *script_due) {
            auto wait = script();
            if (!wait) {
                script_due.reset();
                quit_ = true;
            } else {
                script_due = Steady::now() + *wait;
            }
        }
    }
}

}  // namespace kiosk::ui
