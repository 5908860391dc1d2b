// Scripted mode (`kiosk --script FILE --screenshots DIR`): replays taps as SDL touch events through
// the same input path a finger takes, moves the kiosk's clock (or waits), writes screenshots and checks
// expectations. The format is in docs/scripted-mode.md.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "layout.hpp"

namespace kiosk::ui {

// What the script needs from the running kiosk.
class ScriptHost {
  public:
    virtual ~ScriptHost() = default;
    virtual std::string screen_name() const = 0;   // welcome, service, grade, norm, thanks
    virtual std::string overlay_name() const = 0;  // none, languages, still-there
    virtual std::string language() const = 0;
    virtual std::optional<Box> target(const std::string& name) const = 0;
    virtual ImVec2 window_size() const = 0;
    virtual void push_tap(ImVec2 at) = 0;
    virtual void advance_clock(std::chrono::milliseconds by) = 0;
    // On the kiosk's clock: how long until a tap would count (zero or less once it does), and until the
    // kiosk next changes the screen by itself (the chosen answer makes way, a countdown ticks);
    // nullopt when only input can.
    virtual std::chrono::milliseconds until_taps_count() const = 0;
    virtual std::optional<std::chrono::milliseconds> until_screen_moves() const = 0;
    virtual std::string save_screenshot(const std::string& path) = 0;  // "" or what went wrong
    virtual std::string set_text_scale(float scale) = 0;               // "" or what went wrong
    // An event that must not draw: "window-focus", "touch-mouse" (SDL's mouse copy of a finger),
    // "wake" (a user event, as a worker's wake-up). Returns false for an unknown kind.
    virtual bool push_event(const std::string& kind) = 0;
    virtual long frames_presented() const = 0;
    // On a read-only connection of the kiosk's probe, never the connection taps are saved on.
    virtual std::optional<std::string> query(const std::string& sql) = 0;
};

struct ScriptStep {
    int line = 0;
    std::string verb;
    std::vector<std::string> args;
    std::string rest;  // everything after the verb, for expect-sql
};

// How the player lets the tap guard pass before a step, as a person lets a screen be seen (`pace`).
enum class ScriptPace {
    kiosk_clock,  // moves the kiosk's clock on: what a person's wait would show, without the wait
    real_time,    // waits as long as a person would
    none,         // does not wait at all: the kiosk alone decides whether a tap counts
};

class ScriptRunner {
  public:
    // Throws std::runtime_error("FILE:LINE: …") on a malformed script.
    ScriptRunner(const std::string& path, std::string screenshot_dir);

    // Runs steps until one must wait. Returns how long to wait before calling again (0: call once the
    // screen has settled), or nullopt when the script has ended.
    std::optional<std::chrono::milliseconds> step(ScriptHost& host);

    bool passed() const { return failures_.empty(); }
    const std::vector<std::string>& failures() const { return failures_; }
    int steps_run() const { return static_cast<int>(next_); }

  private:
    void fail(const ScriptStep& step, const std::string& message);
    // Before the steps of a call: what the pace asks for (a wait, or nullopt to go on).
    std::optional<std::chrono::milliseconds> let_guard_pass(ScriptHost& host);

    std::string path_;
    std::string screenshot_dir_;
    std::vector<ScriptStep> steps_;
    std::size_t next_ = 0;
    ScriptPace pace_ = ScriptPace::kiosk_clock;
    std::optional<std::chrono::steady_clock::time_point> waiting_since_;
    std::vector<std::string> failures_;
    long frames_at_mark_ = 0;
};

}  // namespace kiosk::ui
