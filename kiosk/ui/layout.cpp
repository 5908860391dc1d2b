#include "layout.hpp"

#include <algorithm>

namespace kiosk::ui {

Layout Layout::compute(ImVec2 display, const Theme& theme) {
    Layout l;
    l.theme = &theme;
    l.display = display;
    l.margin = theme.mm(8);
    float bar_height = theme.touch_target() + theme.mm(6);
    l.top_bar = {{l.margin, theme.mm(3)}, {display.x - l.margin, theme.mm(3) + bar_height}};
    l.bottom_bar = {{l.margin, display.y - theme.mm(14)}, {display.x - l.margin, display.y - theme.mm(4)}};
    l.content = {{l.margin, l.top_bar.max.y + theme.mm(4)}, {display.x - l.margin, l.bottom_bar.min.y - theme.mm(2)}};
    l.bar_button = {std::min(theme.mm(75), display.x / 3.2f), theme.touch_target()};
    float cell_width = theme.mm(95);
    l.language_columns = std::clamp(static_cast<int>(l.content.width() / cell_width), 2, 5);
    l.service_columns = display.x > display.y ? 4 : 2;
    return l;
}

Box Layout::grid_cell(const Box& area, int columns, int rows, int index, float gap) const {
    float w = (area.width() - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = (area.height() - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    int col = index % columns;
    int row = index / columns;
    ImVec2 min{area.min.x + static_cast<float>(col) * (w + gap), area.min.y + static_cast<float>(row) * (h + gap)};
    return {min, {min.x + w, min.y + h}};
}

TextRole Layout::role(std::string_view name) const {
    const Theme& t = *theme;
    float content_w = content.width();
    float pad = t.mm(3);
    float face_cell = (content_w - 4 * t.gap()) / 5;
    if (name == "greeting") return {{content_w, t.mm(44)}, FontSize::huge, FontSize::title};
    if (name == "title") return {{content_w, t.mm(30)}, FontSize::title, FontSize::large};
    if (name == "norm-question") return {{content_w, t.mm(36)}, FontSize::title, FontSize::large};
    if (name == "norm-title") return {{content_w, t.mm(12)}, FontSize::large, FontSize::body};
    if (name == "button") return {{bar_button.x - 2 * pad, bar_button.y - pad}, FontSize::large, FontSize::small};
    if (name == "face") return {{face_cell - t.mm(2), t.mm(20)}, FontSize::large, FontSize::small};
    if (name == "grade-label") return {{content_w / 3, t.mm(12)}, FontSize::large, FontSize::small};
    if (name == "service") {
        float tile_w = (content_w - static_cast<float>(service_columns - 1) * t.gap()) / static_cast<float>(service_columns);
        return {{tile_w - 2 * pad, t.mm(18)}, FontSize::large, FontSize::body};
    }
    if (name == "language-name") {
        float cell_w = (content_w - static_cast<float>(language_columns - 1) * t.gap()) / static_cast<float>(language_columns);
        return {{cell_w - 2 * pad, t.touch_target()}, FontSize::large, FontSize::body};
    }
    if (name == "message") return {{content_w / 2 - t.gap(), t.mm(22)}, FontSize::large, FontSize::small};
    return {{0, 0}, FontSize::body, FontSize::body};
}

}  // namespace kiosk::ui
