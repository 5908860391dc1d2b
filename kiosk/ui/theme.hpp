// The look in one place: palette, sizes in millimetres, font sizes. Screens never invent a colour or
// a pixel size; they ask the theme. Larger text (text_scale) and high contrast (a second palette) are
// switches here, not changes to the screens.
#pragma once
#include <imgui.h>

namespace kiosk::ui {

struct Palette {
    ImU32 background;
    ImU32 surface;          // cards, keys, tiles
    ImU32 surface_pressed;  // a primary button under the finger
    ImU32 surface_chosen;   // the answer already given, when a citizen comes back
    ImU32 border;           // a plain button's edge: at least 3:1 against background and surface
    ImU32 text;
    ImU32 text_muted;
    ImU32 accent;  // primary buttons, progress
    ImU32 accent_text;
    ImU32 overlay_dim;   // behind a dialog
    ImU32 face_fill[5];  // very dissatisfied .. very satisfied; never the only cue (shape + word)
    ImU32 face_ink;
};

Palette calm_palette();
Palette high_contrast_palette();

enum class ButtonLook { plain, primary, chosen };

// How a button looks, at rest and under the finger. A pressed button turns dark where it was light
// and light where it was dark, so the change shows all around the fingertip, not only under it.
// tests/ui/contrast_test.cpp checks every look of both palettes against WCAG 1.4.11.
struct ButtonColours {
    ImU32 fill;
    ImU32 edge;
    ImU32 ink;  // the label
    float edge_mm;
};
ButtonColours button_colours(const Palette& palette, ButtonLook look, bool pressed);

// WCAG 2.x contrast ratio of two opaque colours, 1 to 21.
double contrast_ratio(ImU32 a, ImU32 b);

enum class FontSize { small, body, large, title, huge };
constexpr int font_size_count = 5;

struct Theme {
    double dpi = 96.0;
    float text_scale = 1.0f;  // "larger text" raises it; fonts are rebuilt at the new sizes
    Palette palette = calm_palette();

    float mm(float millimetres) const { return static_cast<float>(millimetres * dpi / 25.4); }
    float font_px(FontSize size) const;
    float touch_target() const { return mm(15.0f); }       // the smallest thing a finger must hit
    float bar_button_height() const { return mm(18.0f); }  // Language, Back, Stop: easy to hit standing
    float gap() const { return mm(4.0f); }
    float corner() const { return mm(3.0f); }
};

}  // namespace kiosk::ui
