// Touches (and, in development, the mouse) become ImGui pointer input, one change per frame: ImGui 1.86
// needs a press and its release on separate frames to see a tap, and a quick tap delivers both at once.
#pragma once
#include <imgui.h>

#include <deque>

union SDL_Event;

namespace kiosk::ui {

class TouchInput {
public:
    // Takes pointer events; returns false for every other event.
    bool handle(const SDL_Event& event, int window_width, int window_height);
    bool pending() const { return !queue_.empty(); }
    // Hands the next queued change to ImGui. Call once per frame, before ImGui::NewFrame.
    void apply(ImGuiIO& io);

private:
    struct Change {
        ImVec2 position;
        bool down;
        bool motion;  // only moves are merged; a press or release keeps where it happened
    };
    void push(ImVec2 position, bool down, bool is_motion);

    std::deque<Change> queue_;
    Change current_{{-FLT_MAX, -FLT_MAX}, false, false};
};

}  // namespace kiosk::ui
