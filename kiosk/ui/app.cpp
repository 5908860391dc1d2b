#include "app.hpp"

#include <SDL.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <utility>

#include "clock.hpp"
#include "display.hpp"
#include "fonts.hpp"
#include "layout.hpp"
#include "log.hpp"
#include "norm_text.hpp"
#include "screens/screens.hpp"
#include "script_runner.hpp"
#include "survey_flow.hpp"
#include "touch_input.hpp"

namespace kiosk::ui {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// How many frames to draw after an input event: ImGui 1.86 sees a press and its release on separate
// frames, and a window measures itself on its first frame.
constexpr int frames_after_input = 3;
// How often ratings a full disk kept in memory are tried again.
constexpr std::chrono::seconds retry_unsaved_every{5};

// Saves through the store, and measures tap-to-durable latency for the benchmark.
class StoreSink final : public RatingSink {
public:
    StoreSink(RatingStore& store, const SystemClock& clock) : store_(store), clock_(clock) {}
    bool save(Rating& rating) override {
        bool saved = store_.save(rating, clock_.now().utc_ms);
        if (tap_at_) latencies_us_.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Steady::now() - *tap_at_).count());
        tap_at_.reset();
        return saved;
    }
    void tapped() { tap_at_ = Steady::now(); }
    const std::vector<long long>& latencies_us() const { return latencies_us_; }

private:
    RatingStore& store_;
    const SystemClock& clock_;
    std::optional<Steady::time_point> tap_at_;
    std::vector<long long> latencies_us_;
};

SurveySettings survey_settings(const KioskConfig& c) {
    SurveySettings s;
    s.languages = c.languages;
    s.default_language = c.default_language;
    s.services = c.services;
    s.idle_after = c.idle_after;
    s.countdown = c.countdown;
    s.thanks_for = c.thanks_for;
    s.greeting_every = c.greeting_every;
    s.tap_guard = c.tap_guard;
    s.answer_shown_for = c.answer_shown_for;
    return s;
}

class KioskWindow final : public ScriptHost {
public:
    KioskWindow(const KioskConfig& config, const Catalogues& catalogues, RatingStore& store, const AppOptions& options)
        : config_(config),
          catalogues_(catalogues),
          store_(store),
          options_(options),
          sink_(store, clock_),
          rotation_(config.norms, config.norms_per_visit, std::random_device{}()) {
        rotation_.restore(store_.norm_rotation_counts());
        flow_ = std::make_unique<SurveyFlow>(survey_settings(config), rotation_, sink_, clock_.now());
        if (!store_.has_room()) flow_->out_of_service(clock_.now());
        for (const auto& code : config.languages) languages_.push_back({code, catalogues.endonym(code)});
    }

    int run();

    // ScriptHost
    std::string screen_name() const override { return to_string(flow_->screen()); }
    std::string overlay_name() const override {
        return flow_->asking_still_there() ? "still-there" : flow_->language_picker_open() ? "languages" : "none";
    }
    std::string language() const override { return flow_->language(); }
    std::optional<Box> target(const std::string& name) const override {
        auto it = targets_.find(name);
        return it == targets_.end() ? std::nullopt : std::optional<Box>(it->second);
    }
    ImVec2 window_size() const override { return {static_cast<float>(display_->width), static_cast<float>(display_->height)}; }
    void push_tap(ImVec2 at) override {
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
    void advance_clock(milliseconds by) override { clock_.advance(by); }
    std::string save_screenshot(const std::string& path) override {
        screenshot_path_ = path;
        draw_frame();
        return std::exchange(screenshot_error_, {});
    }
    std::optional<std::string> query(const std::string& sql) override { return store_.query_text(sql); }

private:
    bool open();
    void handle(const SDL_Event& e);
    void draw_frame();
    void apply(Intent intent);
    Intent draw_screens(const Ui& ui);
    Intent draw_overlay(const Ui& ui);
    // The flow's "taps count from" in this loop's clock (the script's `advance` moves the flow's clock),
    // with a margin: a press is timed from SDL's millisecond ticks, which may round it 1 ms early.
    Steady::time_point script_taps_from() const {
        auto ahead = clock_.now().steady - Steady::now();
        return flow_->taps_count_from() - ahead + milliseconds(50);
    }
    bool quiet_welcome() const {
        return flow_->screen() == Screen::welcome && !flow_->language_picker_open() && !flow_->asking_still_there();
    }

    const KioskConfig& config_;
    const Catalogues& catalogues_;
    RatingStore& store_;
    const AppOptions& options_;
    SystemClock clock_;
    StoreSink sink_;
    NormRotation rotation_;
    std::unique_ptr<SurveyFlow> flow_;
    std::vector<LanguageChoice> languages_;

    std::unique_ptr<Display> display_;
    Theme theme_;
    Fonts fonts_;
    Layout layout_;
    TouchInput touch_;
    TouchTargets targets_;
    bool quit_ = false;
    int frames_to_draw_ = 1;
    Steady::time_point last_frame_ = Steady::now();
    bool first_frame_done_ = false;
    Steady::time_point next_retry_{};
    bool greeting_only_ = false;
    std::string screenshot_path_;
    std::string screenshot_error_;
};

bool KioskWindow::open() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();  // the renderer backends need it
    std::string error;
    display_ = open_display(config_.display, options_.windowed, error);
    if (!display_) {
        log_error(error);
        return false;
    }
    theme_.dpi = display_->dpi;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of the UI is written to disk
    io.LogFilename = nullptr;
    io.BackendPlatformName = "kiosk-touch";
    io.DisplaySize = window_size();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = {0, 0};
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.DisabledAlpha = 0.4f;

    AtlasFigures figures;
    std::string glyphs;
    try {
        glyphs = gather_glyph_text(catalogues_, config_);
    } catch (const std::exception& e) {
        log_error(e.what());
        return false;
    }
    if (auto failure = build_fonts(*io.Fonts, theme_, glyphs, fonts_, figures); !failure.empty()) {
        log_error(failure);
        return false;
    }
    log_info("font atlas " + std::to_string(figures.width) + "x" + std::to_string(figures.height) + ", " +
             std::to_string(figures.glyphs) + " glyphs at " + std::to_string(font_size_count) + " sizes; display " +
             std::to_string(display_->width) + "x" + std::to_string(display_->height) + " at " +
             std::to_string(static_cast<int>(display_->dpi)) + " dpi; renderer " + display_->renderer->name());
    layout_ = Layout::compute(io.DisplaySize, theme_);
    return true;
}

void KioskWindow::handle(const SDL_Event& e) {
    // When it happened, not when the loop got to it: the guard against taps on what was not yet seen
    // compares the press with when the screen appeared.
    auto age = milliseconds(static_cast<Sint64>(SDL_GetTicks()) - static_cast<Sint64>(e.common.timestamp));
    if (touch_.handle(e, display_->width, display_->height, clock_.steady_now() - std::max(age, milliseconds(0)))) {
        if (e.type == SDL_FINGERUP || e.type == SDL_MOUSEBUTTONUP) sink_.tapped();
        if (e.type == SDL_FINGERDOWN || e.type == SDL_MOUSEBUTTONDOWN) flow_->activity(clock_.now());
        return;
    }
    switch (e.type) {
        case SDL_QUIT:  // SIGTERM or SIGINT from systemd or the shell
            quit_ = true;
            break;
        case SDL_KEYDOWN:
            flow_->activity(clock_.now());  // a keypad or keyboard user is still there
            // Only in development: a kiosk in a public hall has no keyboard way out.
            if (options_.windowed && e.key.keysym.sym == SDLK_ESCAPE) quit_ = true;
            break;
        default:
            break;
    }
}

void KioskWindow::apply(Intent intent) {
    intent.pressed_at = touch_.pressed_at();
    // The flow drops a tap on what the citizen had not yet seen (a double tap's second half).
    if (flow_->apply(intent, clock_.now())) frames_to_draw_ = std::max(frames_to_draw_, frames_after_input);
}

Intent KioskWindow::draw_screens(const Ui& ui) {
    const SurveyFlow& f = *flow_;
    Now now = clock_.now();
    bool overlay = f.asking_still_there() || f.language_picker_open();
    Intent intent;
    ImGui::BeginDisabled(overlay);
    const Rating* rating = f.rating();
    switch (f.screen()) {
        case Screen::welcome: {
            Text greeting(catalogues_, f.greeting_language(now));
            std::vector<LanguageChoice> strip(languages_.begin(), languages_.begin() + std::min<std::size_t>(languages_.size(), 5));
            intent = render_welcome(ui, greeting, strip);
            break;
        }
        case Screen::service:
            intent = render_service(ui, f.services());
            break;
        case Screen::grade:
            intent = render_grade(ui, rating ? rating->grade : std::nullopt);
            render_progress(ui, 0, f.norm_count() + 1);
            break;
        case Screen::norm: {
            NormText text = norm_text(f.current_norm(), f.language(), config_, catalogues_);
            intent = render_norm(ui, text.title, text.question, f.current_answer());
            render_progress(ui, f.norm_index() + 1, f.norm_count() + 1);
            break;
        }
        case Screen::thanks:
            intent = render_thanks(ui, rating ? rating->reference : std::string(), config_.followup_url);
            break;
        case Screen::out_of_order:
            render_out_of_order(ui);
            break;
    }
    if (f.screen() != Screen::welcome && f.screen() != Screen::out_of_order) {
        if (Intent bar = render_top_bar(ui, catalogues_.endonym(f.language()), f.can_go_back())) intent = bar;
    }
    ImGui::EndDisabled();
    return overlay ? Intent{} : intent;  // under an overlay the screen is only a backdrop
}

Intent KioskWindow::draw_overlay(const Ui& ui) {
    const SurveyFlow& f = *flow_;
    if (f.asking_still_there()) return render_still_there(ui, f.countdown_seconds_left(clock_.now()));
    if (f.language_picker_open()) return render_language_picker(ui, languages_, f.language());
    return {};
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
    Text text(catalogues_, flow_->language());
    Ui ui{theme_, fonts_, layout_, text, targets_};
    constexpr ImGuiWindowFlags full_screen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    // No window background: the renderer clears to the theme's background, and a second full-screen
    // fill would double the software renderer's work.
    ImGui::Begin("kiosk", nullptr, full_screen | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    Intent intent = draw_screens(ui);
    ImGui::End();
    // An overlay is a window of its own above the screen: ImGui then gives it every tap.
    if (flow_->asking_still_there() || flow_->language_picker_open()) {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::SetNextWindowFocus();
        ImGui::Begin("overlay", nullptr, full_screen | ImGuiWindowFlags_NoBackground);
        intent = draw_overlay(ui);
        ImGui::End();
    }
    ImGui::Render();

    std::optional<Box> damage;
    if (greeting_only_ && screenshot_path_.empty()) damage = welcome_greeting_area(layout_);
    display_->renderer->draw(ImGui::GetDrawData(), theme_.palette.background, damage ? &*damage : nullptr);
    greeting_only_ = false;
    if (!screenshot_path_.empty()) {
        std::vector<unsigned char> rgba;
        int w = 0, h = 0;
        if (!display_->renderer->read_pixels(rgba, w, h))
            screenshot_error_ = "cannot read the frame for " + screenshot_path_;
        else if (!stbi_write_png(screenshot_path_.c_str(), w, h, 4, rgba.data(), w * 4))
            screenshot_error_ = "cannot write " + screenshot_path_;
        screenshot_path_.clear();
    }
    display_->renderer->present();
    if (!first_frame_done_) {
        first_frame_done_ = true;
        // The CPU copy of the atlas is no longer needed once the renderer has its texture.
        io.Fonts->ClearTexData();
        if (const char* marker = std::getenv("KIOSK_FIRST_FRAME_FILE")) {
            auto ms = std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
            std::ofstream(marker) << ms << "\n";
        }
    }
    if (intent) apply(intent);
}

int KioskWindow::run() {
    if (!open()) return EXIT_FAILURE;
    std::unique_ptr<ScriptRunner> script;
    if (!options_.script.empty()) {
        try {
            script = std::make_unique<ScriptRunner>(options_.script, options_.screenshots);
        } catch (const std::exception& e) {
            log_error(e.what());
            return 64;
        }
    }
    std::optional<Steady::time_point> script_due = Steady::now();

    while (!quit_) {
        // Sleep until input or the earliest moment anything is due; -1 waits for input alone.
        int timeout_ms = -1;
        auto wake_at = [&](Steady::time_point due, Steady::time_point now) {
            auto wait = std::chrono::ceil<milliseconds>(due - now).count();
            int w = static_cast<int>(std::clamp<long long>(wait, 0, 24 * 3600 * 1000));
            timeout_ms = timeout_ms < 0 ? w : std::min(timeout_ms, w);
        };
        if (frames_to_draw_ > 0 || touch_.pending()) {
            timeout_ms = 0;
        } else {
            Now now = clock_.now();
            if (auto due = flow_->next_deadline(now)) wake_at(*due, now.steady);  // the core's clock
            if (script && script_due) wake_at(std::max(*script_due, script_taps_from()), Steady::now());
        }
        // Ratings a full disk kept in memory, and the disk reserve, are seen to every few seconds.
        if (store_.needs_upkeep()) wake_at(next_retry_, Steady::now());
        SDL_Event event;
        bool got = timeout_ms < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout_ms);
        if (got) {
            handle(event);
            while (SDL_PollEvent(&event)) handle(event);
            frames_to_draw_ = std::max(frames_to_draw_, frames_after_input);
        }
        bool calm_welcome = quiet_welcome();
        if (flow_->tick(clock_.now())) {
            // Only the greeting moved on an untouched Welcome: the rest of the frame is still valid.
            greeting_only_ = frames_to_draw_ == 0 && !touch_.pending() && calm_welcome && quiet_welcome();
            frames_to_draw_ = std::max(frames_to_draw_, 1);
        }
        if (store_.needs_upkeep() && Steady::now() >= next_retry_) {
            if (store_.upkeep(clock_.now().utc_ms) && store_.has_room() && flow_->screen() == Screen::out_of_order) {
                flow_->back_in_service(clock_.now());
                frames_to_draw_ = std::max(frames_to_draw_, 1);
            }
            next_retry_ = Steady::now() + retry_unsaved_every;
        }
        if (frames_to_draw_ > 0 || touch_.pending()) {
            draw_frame();
            if (frames_to_draw_ > 0) --frames_to_draw_;
            continue;
        }
        // The screen has settled, and has been in view as long as a person needs: the script's next step.
        if (script && script_due && Steady::now() >= std::max(*script_due, script_taps_from())) {
            auto wait = script->step(*this);
            if (!wait) {
                for (const auto& failure : script->failures()) log_error("script: " + failure);
                log_info(std::string("script ") + (script->passed() ? "passed" : "FAILED") + " after " +
                         std::to_string(script->steps_run()) + " steps");
                quit_ = true;
            } else {
                script_due = Steady::now() + *wait;
            }
        }
    }

    if (const char* path = std::getenv("KIOSK_TAP_LATENCY_FILE")) {
        std::ofstream out(path);
        for (long long us : sink_.latencies_us()) out << us << "\n";
    }
    display_.reset();
    ImGui::DestroyContext();
    if (script && !script->passed()) return EXIT_FAILURE;
    return EXIT_SUCCESS;
}

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
    log_error("Unable to open a display: no X11 or Wayland display answered (DISPLAY=" + std::string(x ? x : "(unset)") +
              ", WAYLAND_DISPLAY=" + std::string(wayland ? wayland : "(unset)") + "); SDL offered only its '" + name +
              "' driver, which shows nothing. Set SDL_VIDEODRIVER=" + name + " to run without a screen on purpose.");
    return false;
}

}  // namespace

int run_kiosk(const KioskConfig& config, const Catalogues& catalogues, RatingStore& store, const AppOptions& options) {
    // Window-close requests (Alt+F4 under a window manager) do not end a kiosk; SIGTERM still does.
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        log_error(std::string("Unable to open a display: ") + SDL_GetError());
        return EXIT_FAILURE;
    }
    if (!on_a_real_display()) {
        SDL_Quit();
        return EXIT_FAILURE;
    }
    int code;
    {
        KioskWindow window(config, catalogues, store, options);
        code = window.run();
    }
    SDL_Quit();
    return code;
}

}  // namespace kiosk::ui
