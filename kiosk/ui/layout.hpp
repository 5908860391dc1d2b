// Where things go on a display of a given size: the frame every screen shares (top bar, content,
// progress), and the text roles. A role is a msgctxt of the catalogues ("title", "button" …); it
// names the font sizes its texts may use. The boxes of each screen are in screen_layout.hpp, built
// from this; the fit test checks every translation against exactly those boxes.
#pragma once
#include <imgui.h>

#include <optional>
#include <span>
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
    Box inset(float dx, float dy) const { return {{min.x + dx, min.y + dy}, {max.x - dx, max.y - dy}}; }
};

struct Circle {
    ImVec2 centre;
    float radius = 0;
};

// The font sizes a text may be drawn at, largest first: fitting steps down to `smallest`.
struct FontRange {
    FontSize largest = FontSize::body;
    FontSize smallest = FontSize::body;
};

// A box a text of one role is drawn in. `role` is the msgctxt, or empty for a text that is no
// translation (the digits of the grade keys).
struct TextBox {
    std::string_view role;
    Box box;
    FontRange fonts;
    // The same box, at most at `size`: a row of labels drawn at one shared size.
    TextBox at_most(FontSize size) const;
};

// A touch target and the box its label is drawn in (inside the border, clear of the corners).
struct ButtonBox {
    Box box;
    TextBox label;
};

struct Layout {
    ImVec2 display;
    float margin = 0;
    Box progress;       // "Question 2 of 5" and its bar, at the top where reading starts
    Box content;        // the screen's own area
    Box bar;            // Language left, Back and Stop right: low, within a standing person's reach
    ImVec2 bar_button;  // size of a button in the bar
    const Theme* theme = nullptr;

    static Layout compute(ImVec2 display, const Theme& theme);

    bool landscape() const { return display.x > display.y; }

    // A text box of a role, with the role's font sizes (body size for a role missing from the
    // table: the fit test fails on it).
    TextBox text(std::string_view role, const Box& box) const;
    // A button whose label is a text of `role`; the label box is the button less its padding.
    ButtonBox button(const Box& box, std::string_view role = "button") const;
    // A button with a globe left of its label (Language, All languages).
    ButtonBox globe_button(const Box& box, std::string_view role) const;
    // The part of a button a label may use: inside the border, clear of the rounded corners.
    Box label_area(const Box& button) const;

    // Cells of a grid laid into `area`, row by row.
    Box grid_cell(const Box& area, int columns, int rows, int index, float gap) const;
};

// The font sizes of a msgctxt role; none for a role the layout does not know.
std::optional<FontRange> role_fonts(std::string_view role);
// Roles that are in the catalogues but never drawn (a setting for the program, not a text).
std::span<const std::string_view> roles_not_drawn();

}  // namespace kiosk::ui
