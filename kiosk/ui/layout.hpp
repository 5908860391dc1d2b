// Where things go on a display of a given size, and the box each text role must fit in. Screens
// place widgets from here, and the layout test checks every translation against the same boxes.
#pragma once
#include <imgui.h>

#include <string_view>

#include "theme.hpp"

namespace kiosk::ui {

struct Box {
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    ImVec2 size() const { return {width(), height()}; }
    ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
};

// The size a text of a role gets, and the font sizes it may use, largest first.
struct TextRole {
    ImVec2 size;
    FontSize largest;
    FontSize smallest;
};

struct Layout {
    ImVec2 display;
    float margin = 0;
    Box top_bar;      // language button left, back button right
    Box content;      // the screen's own area
    Box bottom_bar;   // progress
    ImVec2 bar_button;  // size of a button in the top bar or a dialog
    int language_columns = 4;
    int service_columns = 3;

    static Layout compute(ImVec2 display, const Theme& theme);

    // The box for a msgctxt role ("button", "face", "norm-question" …); roles not drawn get a zero size.
    TextRole role(std::string_view name) const;

    // Cells of a grid laid into `area`, row by row.
    Box grid_cell(const Box& area, int columns, int rows, int index, float gap) const;

    const Theme* theme = nullptr;
};

}  // namespace kiosk::ui
