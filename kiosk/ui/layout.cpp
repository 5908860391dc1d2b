#include "layout.hpp"

#include <algorithm>

namespace kiosk::ui {
namespace {

struct RoleFonts {
    std::string_view role;
    FontRange fonts;
};

// One range per role, wherever the role is drawn: a role looks the same on every screen. The
// smallest size is 5 mm (FontSize::small), the least a public kiosk should show.
constexpr RoleFonts role_table[] = {
    {"greeting", {FontSize::large, FontSize::small}},  {"title", {FontSize::title, FontSize::large}},
    {"norm-title", {FontSize::large, FontSize::body}}, {"norm-question", {FontSize::title, FontSize::large}},
    {"message", {FontSize::large, FontSize::small}},   {"button", {FontSize::large, FontSize::small}},
    {"face", {FontSize::large, FontSize::small}},      {"grade-label", {FontSize::large, FontSize::small}},
    {"service", {FontSize::large, FontSize::body}},    {"language-name", {FontSize::large, FontSize::body}},
    {"progress", {FontSize::large, FontSize::small}},  {"aside", {FontSize::large, FontSize::small}},
};

// Read by the program, never shown.
constexpr std::string_view not_drawn[] = {"text-direction"};

}  // namespace

std::optional<FontRange> role_fonts(std::string_view role) {
    for (const auto& entry : role_table)
        if (entry.role == role) return entry.fonts;
    return std::nullopt;
}

std::span<const std::string_view> roles_not_drawn() { return not_drawn; }

TextBox TextBox::at_most(FontSize size) const {
    TextBox capped = *this;
    capped.fonts.largest = std::min(fonts.largest, size);
    return capped;
}

Layout Layout::compute(ImVec2 display, const Theme& theme) {
    Layout l;
    l.theme = &theme;
    l.display = display;
    l.margin = theme.mm(8);
    l.progress = {{l.margin, theme.mm(3)}, {display.x - l.margin, theme.mm(20)}};
    // The bar sits at the bottom: on a standing kiosk the top edge can be above the 1 220 mm a
    // person in a wheelchair reaches (EN 301 549, 8.3).
    float bar_h = theme.bar_button_height();
    l.bar = {{l.margin, display.y - theme.mm(4) - bar_h}, {display.x - l.margin, display.y - theme.mm(4)}};
    l.content = {{l.margin, l.progress.max.y + theme.mm(2)},
                 {display.x - l.margin, l.bar.min.y - theme.mm(4)}};
    l.bar_button = {std::min(theme.mm(75), display.x / 3.4f), bar_h};
    return l;
}

TextBox Layout::text(std::string_view role, const Box& box) const {
    // No assert for a role missing from the table: the fit test names every such role and where it
    // is drawn, where an assert would stop it at the first; the kiosk draws it at body size.
    return {role, box, role_fonts(role).value_or(FontRange{})};
}

Box Layout::label_area(const Box& button) const { return button.inset(theme->mm(3), theme->mm(1.5f)); }

ButtonBox Layout::button(const Box& box, std::string_view role) const {
    return {box, text(role, label_area(box))};
}

ButtonBox Layout::globe_button(const Box& box, std::string_view role) const {
    Box label = label_area(box);
    label.min.x = box.min.x + box.height() * 0.28f * 2.8f;  // room for a globe of 0.28 the height
    return {box, text(role, label)};
}

Box Layout::grid_cell(const Box& area, int columns, int rows, int index, float gap) const {
    float w = (area.width() - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = (area.height() - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    int col = index % columns;
    int row = index / columns;
    ImVec2 min{area.min.x + static_cast<float>(col) * (w + gap),
               area.min.y + static_cast<float>(row) * (h + gap)};
    return {min, {min.x + w, min.y + h}};
}

}  // namespace kiosk::ui
