// Welcome (attract): a greeting that cycles through the languages; a tap anywhere starts the visit in
// the language shown, or a tap on a language name starts it in that one.
#include "screens.hpp"

namespace kiosk::ui {
namespace {

float row_top(const Layout& l, const Theme& t) { return l.content.max.y - t.touch_target() - t.mm(2); }

Box greeting_box(const Layout& l) {
    float top = l.content.min.y + l.content.height() * 0.12f;
    return {{l.content.min.x, top}, {l.content.max.x, top + l.role("greeting").size.y}};
}

Box hint_box(const Layout& l) {
    Box g = greeting_box(l);
    float gap = l.theme->gap();
    return {{l.content.min.x, g.max.y + gap}, {l.content.max.x, g.max.y + gap + l.role("message").size.y}};
}

}  // namespace

Box welcome_greeting_area(const Layout& l) { return {greeting_box(l).min, hint_box(l).max}; }

Intent render_welcome(const Ui& ui, const Text& greeting, const std::vector<LanguageChoice>& strip) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;

    TextRole g = l.role("greeting");
    draw_text(ui, greeting_box(l), greeting.tr("greeting", "How was your visit?"), g.largest, g.smallest, t.palette.text);

    TextRole m = l.role("message");
    Box hint = hint_box(l);
    draw_text(ui, hint, greeting.tr("message", "Tap the screen to rate your visit. It takes less than a minute."),
              m.largest, m.smallest, t.palette.text_muted);

    // Five faces: what the visit will ask, understood without reading.
    float r = t.mm(11);
    float faces_y = hint.max.y + (row_top(l, t) - hint.max.y) / 2;
    for (int i = 0; i < 5; ++i) {
        float x = l.content.center().x + (static_cast<float>(i) - 2.0f) * r * 2.8f;
        draw_face(ImGui::GetWindowDrawList(), {x, faces_y}, r, i, t.palette);
    }

    // The strip: a few languages to tap directly, then the globe for all of them.
    int cells = static_cast<int>(strip.size()) + 1;
    Box row{{l.content.min.x, row_top(l, t)}, {l.content.max.x, row_top(l, t) + t.touch_target()}};
    for (int i = 0; i < cells; ++i) {
        Box cell = l.grid_cell(row, cells, 1, i, t.gap());
        if (i + 1 == cells) {
            if (touch_button(ui, "language-button", cell, "", ButtonLook::plain)) intent = {Intent::open_languages};
            draw_globe(ImGui::GetWindowDrawList(), cell.center(), cell.height() * 0.3f, t.palette.accent);
            continue;
        }
        const auto& choice = strip[static_cast<std::size_t>(i)];
        std::string target = "language-" + choice.code;
        if (touch_button(ui, target.c_str(), cell, choice.endonym, ButtonLook::plain, FontSize::large, FontSize::body))
            intent = {Intent::choose_language, 0, choice.code};
    }
    // Last, so the buttons above take their taps first (ImGui gives a tap to the first item under it).
    // The language the citizen saw when tapping, not whatever the greeting shows a moment later.
    if (touch_area(ui, "start", {{0, 0}, l.display}) && !intent) intent = {Intent::start, 0, greeting.language()};
    return intent;
}

}  // namespace kiosk::ui
