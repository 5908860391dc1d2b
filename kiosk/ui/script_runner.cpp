#include "script_runner.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace kiosk::ui {
namespace {

const std::set<std::string> verbs = {
    "tap",           "tap-at",         "wait-for",        "advance",    "sleep",        "screenshot",
    "expect-screen", "expect-overlay", "expect-language", "expect-sql", "print-target", "text-scale",
    "push-event",    "mark-frames",    "expect-frames",   "pace",       "quit"};

const std::map<std::string, ScriptPace> paces = {{"kiosk-clock", ScriptPace::kiosk_clock},
                                                 {"real-time", ScriptPace::real_time},
                                                 {"none", ScriptPace::none}};

std::string trim(const std::string& s) {
    auto a = s.find_first_not_of(" \t\r");
    auto b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

double number(const ScriptStep& step, std::size_t i, const std::string& path) {
    try {
        return std::stod(step.args.at(i));
    } catch (...) {
        throw std::runtime_error(path + ":" + std::to_string(step.line) + ": " + step.verb +
                                 " needs a number");
    }
}

}  // namespace

ScriptRunner::ScriptRunner(const std::string& path, std::string screenshot_dir)
    : path_(path), screenshot_dir_(std::move(screenshot_dir)) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the script");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        ScriptStep step;
        step.line = number;
        std::istringstream words(line);
        words >> step.verb;
        std::getline(words, step.rest);
        step.rest = trim(step.rest);
        std::istringstream args(step.rest);
        for (std::string arg; args >> arg;) step.args.push_back(arg);
        if (!verbs.count(step.verb))
            throw std::runtime_error(path + ":" + std::to_string(number) + ": unknown step '" + step.verb +
                                     "'");
        bool needs_arg = step.verb != "quit" && step.verb != "mark-frames";
        if (needs_arg && step.args.empty())
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + step.verb +
                                     " needs an argument");
        if (step.verb == "pace" && !paces.count(step.args[0]))
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": pace is kiosk-clock, real-time or none");
        if (step.verb == "expect-sql" && step.rest.rfind(" = ") == std::string::npos)
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": expect-sql needs 'SQL = VALUE'");
        steps_.push_back(std::move(step));
    }
    if (!screenshot_dir_.empty()) std::filesystem::create_directories(screenshot_dir_);
}

void ScriptRunner::fail(const ScriptStep& step, const std::string& message) {
    failures_.push_back(path_ + ":" + std::to_string(step.line) + ": " + message);
}

std::optional<std::chrono::milliseconds> ScriptRunner::let_guard_pass(ScriptHost& host) {
    using namespace std::chrono;
    // SDL's millisecond ticks may stamp a press up to 1 ms before the moment it was pushed.
    constexpr milliseconds margin{50};
    if (pace_ == ScriptPace::none) return std::nullopt;
    milliseconds until = host.until_taps_count() + margin;
    if (until <= milliseconds(0)) return std::nullopt;
    if (pace_ == ScriptPace::real_time) return until;
    // Only as far as the next thing the kiosk does by itself (the next screen appearing after a
    // chosen answer): the kiosk then sees the same moments a person's wait would have shown it, and
    // the guard starts again from there.
    if (auto moves = host.until_screen_moves()) until = std::min(until, std::max(*moves, milliseconds(1)));
    host.advance_clock(until);
    return milliseconds(0);  // the next call comes once the kiosk has caught up and the screen settled
}

std::optional<std::chrono::milliseconds> ScriptRunner::step(ScriptHost& host) {
    using namespace std::chrono;
    bool guard_passed = false;
    while (next_ < steps_.size()) {
        const ScriptStep& s = steps_[next_];
        if (s.verb == "pace") {
            pace_ = paces.at(s.args[0]);
            ++next_;
            continue;
        }
        // Every call's steps run on a screen that has been in view for the tap guard.
        if (!guard_passed) {
            if (auto wait = let_guard_pass(host)) return wait;
            guard_passed = true;
        }
        if (s.verb == "quit") return std::nullopt;
        if (s.verb == "wait-for") {
            double limit = s.args.size() > 1 ? number(s, 1, path_) : 5.0;
            if (host.screen_name() == s.args[0] || host.overlay_name() == s.args[0]) {
                waiting_since_.reset();
            } else {
                auto now = steady_clock::now();
                if (!waiting_since_) waiting_since_ = now;
                if (now - *waiting_since_ < duration<double>(limit)) return milliseconds(20);
                fail(s, "waited " + std::to_string(limit) + " s for '" + s.args[0] +
                            "', but the screen is '" + host.screen_name() + "' (overlay '" +
                            host.overlay_name() + "')");
                return std::nullopt;  // what follows would only fail for the same reason
            }
        } else if (s.verb == "print-target") {
            // For tests that tap from outside (xdotool): where a target stands, in window pixels.
            if (auto box = host.target(s.args.at(0)))
                std::printf("target %s %d %d\n", s.args[0].c_str(), static_cast<int>(box->center().x),
                            static_cast<int>(box->center().y));
            else
                fail(s, "no target '" + s.args[0] + "' on this screen");
            std::fflush(stdout);
        } else if (s.verb == "sleep") {
            auto now = steady_clock::now();
            if (!waiting_since_) waiting_since_ = now;
            if (now - *waiting_since_ < milliseconds(static_cast<long>(number(s, 0, path_))))
                return milliseconds(5);
            waiting_since_.reset();
        } else if (s.verb == "tap" || s.verb == "tap-at") {
            ImVec2 at;
            if (s.verb == "tap") {
                auto box = host.target(s.args[0]);
                if (!box) {
                    fail(s,
                         "nothing named '" + s.args[0] + "' is on the screen '" + host.screen_name() + "'");
                    return std::nullopt;
                }
                at = box->center();
            } else {
                ImVec2 size = host.window_size();
                at = {static_cast<float>(number(s, 0, path_)) * size.x,
                      static_cast<float>(number(s, 1, path_)) * size.y};
            }
            host.push_tap(at);
            ++next_;
            return milliseconds(0);  // let the tap be seen before the next step
        } else if (s.verb == "advance") {
            host.advance_clock(milliseconds(static_cast<long>(number(s, 0, path_) * 1000)));
            ++next_;
            return milliseconds(0);
        } else if (s.verb == "push-event") {
            if (!host.push_event(s.args[0])) fail(s, "unknown event kind '" + s.args[0] + "'");
            ++next_;
            return milliseconds(0);
        } else if (s.verb == "mark-frames") {
            frames_at_mark_ = host.frames_presented();
        } else if (s.verb == "expect-frames") {
            long drawn = host.frames_presented() - frames_at_mark_;
            if (drawn != static_cast<long>(number(s, 0, path_)))
                fail(s,
                     std::to_string(drawn) + " frame(s) presented since mark-frames, expected " + s.args[0]);
        } else if (s.verb == "text-scale") {
            if (auto error = host.set_text_scale(static_cast<float>(number(s, 0, path_))); !error.empty())
                fail(s, error);
            ++next_;
            return milliseconds(0);  // the next step sees the screen drawn with the new fonts
        } else if (s.verb == "screenshot") {
            std::string file =
                screenshot_dir_.empty() ? s.args[0] + ".png" : screenshot_dir_ + "/" + s.args[0] + ".png";
            if (auto error = host.save_screenshot(file); !error.empty()) fail(s, error);
        } else if (s.verb == "expect-screen") {
            if (host.screen_name() != s.args[0])
                fail(s, "expected screen '" + s.args[0] + "', found '" + host.screen_name() + "'");
        } else if (s.verb == "expect-overlay") {
            if (host.overlay_name() != s.args[0])
                fail(s, "expected overlay '" + s.args[0] + "', found '" + host.overlay_name() + "'");
        } else if (s.verb == "expect-language") {
            if (host.language() != s.args[0])
                fail(s, "expected language '" + s.args[0] + "', found '" + host.language() + "'");
        } else if (s.verb == "expect-sql") {
            auto split = s.rest.rfind(" = ");
            std::string sql = trim(s.rest.substr(0, split));
            std::string expected = trim(s.rest.substr(split + 3));
            try {
                auto got = host.query(sql);
                if (!got || *got != expected)
                    fail(s, "'" + sql + "' gave '" + (got ? *got : "(no row)") + "', expected '" + expected +
                                "'");
            } catch (const std::exception& e) {
                fail(s, "'" + sql + "' failed: " + e.what());
            }
        }
        ++next_;
    }
    return std::nullopt;
}

}  // namespace kiosk::ui
