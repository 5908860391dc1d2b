// The look in one place: palette, sizes in millimetres, font sizes. Screens never invent a colour or
// a pixel size; they ask the theme. Larger text (text_scale) and high contrast (a second palette) are
// switches here, not changes to the screens.
#pragma once
#include <imgui.h>

namespace kiosk::ui {

struct Palette {
    ImU32 background;
    ImU32 surface;  // cards, keys, tiles
    ImU32 surface_pressed;
    ImU32 surface_chosen;  // the answer already given, when a citizen comes back
    ImU32 border;
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

enum class FontSize { small, body, large, title, huge };
constexpr int font_size_count = 5;

struct Theme {
    double dpi = 96.0;
    float text_scale = 1.0f;  // "larger text" raises it; fonts are rebuilt at the new sizes
    Palette palette = calm_palette();

    float mm(float millimetres) const { return static_cast<float>(millimetres * dpi / 25.4); }
    float font_px(FontSize size) const;
    float touch_target() const { return mm(15.0f); }  // the smallest thing a finger must hit
    float gap() const { return mm(4.0f); }
    float corner() const { return mm(3.0f); }
};

}  // namespace kiosk::ui
