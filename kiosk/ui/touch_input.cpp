#include "touch_input.hpp"

#include <SDL.h>

namespace kiosk::ui {

void TouchInput::push(ImVec2 position, bool down, bool is_motion, Instant at) {
    // Consecutive moves only need their last position.
    if (is_motion && !queue_.empty() && queue_.back().motion && queue_.back().down == down) {
        queue_.back().position = position;
        return;
    }
    queue_.push_back({position, down, is_motion, at});
}

TouchInput::Taken TouchInput::handle(const SDL_Event& e, int w, int h, Instant at) {
    const ImVec2 away{-FLT_MAX, -FLT_MAX};
    switch (e.type) {
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION: {
            ImVec2 position{e.tfinger.x * static_cast<float>(w), e.tfinger.y * static_cast<float>(h)};
            if (e.type == SDL_FINGERDOWN) {
                push(position, true, false,
                     at);  // ImGui hit-tests the new position in the frame that sees the press
            } else if (e.type == SDL_FINGERUP) {
                push(position, false, false, at);
                push(away, false, false, at);  // a lifted finger hovers over nothing
            } else {
                push(position, !queue_.empty() ? queue_.back().down : current_.down, true, at);
            }
            return Taken::queued;
        }
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (e.button.which == SDL_TOUCH_MOUSEID) return Taken::ignored;  // already seen as a finger
            if (e.button.button != SDL_BUTTON_LEFT) return Taken::ignored;
            push({static_cast<float>(e.button.x), static_cast<float>(e.button.y)},
                 e.type == SDL_MOUSEBUTTONDOWN, false, at);
            return Taken::queued;
        case SDL_MOUSEMOTION:
            if (e.motion.which == SDL_TOUCH_MOUSEID) return Taken::ignored;
            push({static_cast<float>(e.motion.x), static_cast<float>(e.motion.y)},
                 !queue_.empty() ? queue_.back().down : current_.down, true, at);
            return Taken::queued;
        default:
            return Taken::not_pointer;
    }
}

void TouchInput::apply(ImGuiIO& io) {
    if (!queue_.empty()) {
        bool was_down = current_.down;
        current_ = queue_.front();
        queue_.pop_front();
        if (current_.down && !was_down) pressed_at_ = current_.at;
        if (!current_.down && was_down) released_at_ = current_.at;
    }
    io.MousePos = current_.position;
    io.MouseDown[0] = current_.down;
}

}  // namespace kiosk::ui
