// Touches (and, in development, the mouse) become ImGui pointer input, one change per frame: ImGui 1.86
// needs a press and its release on separate frames to see a tap, and a quick tap delivers both at once.
#pragma once
#include <imgui.h>

#include <chrono>
#include <deque>

union SDL_Event;

namespace kiosk::ui {

class TouchInput {
  public:
    using Instant = std::chrono::steady_clock::time_point;

    enum class Taken {
        not_pointer,  // not a touch or mouse event
        ignored,      // a pointer event that changes nothing (the mouse SDL makes up for a finger)
        queued,       // a press, release or move, handed to ImGui on a coming frame
    };
    // Takes pointer events that happened at `at`.
    Taken handle(const SDL_Event& event, int window_width, int window_height, Instant at);
    bool pending() const { return !queue_.empty(); }
    // When the finger (or button) now down, or last lifted, went down.
    Instant pressed_at() const { return pressed_at_; }
    // When the finger was last lifted.
    Instant released_at() const { return released_at_; }
    // Hands the next queued change to ImGui. Call once per frame, before ImGui::NewFrame.
    void apply(ImGuiIO& io);

  private:
    struct Change {
        ImVec2 position;
        bool down;
        bool motion;  // only moves are merged; a press or release keeps where it happened
        Instant at;
    };
    void push(ImVec2 position, bool down, bool is_motion, Instant at);

    std::deque<Change> queue_;
    Change current_{{-FLT_MAX, -FLT_MAX}, false, false, {}};
    Instant pressed_at_{};
    Instant released_at_{};
};

}  // namespace kiosk::ui
