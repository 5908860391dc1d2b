#include "theme.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

Palette calm_palette() {
    Palette p{};
    p.background = IM_COL32(244, 241, 234, 255);  // warm paper
    p.surface = IM_COL32(255, 255, 255, 255);
    p.surface_pressed = IM_COL32(214, 226, 240, 255);
    p.surface_chosen = IM_COL32(205, 224, 247, 255);
    p.border = IM_COL32(128, 122, 112, 255);  // 3.6:1 on the paper, 4.2:1 on white
    p.text = IM_COL32(33, 37, 41, 255);
    p.text_muted = IM_COL32(92, 98, 105, 255);
    p.accent = IM_COL32(21, 87, 153, 255);
    p.accent_text = IM_COL32(255, 255, 255, 255);
    p.overlay_dim = IM_COL32(20, 24, 28, 150);
    p.face_fill[0] = IM_COL32(232, 128, 112, 255);
    p.face_fill[1] = IM_COL32(244, 172, 120, 255);
    p.face_fill[2] = IM_COL32(246, 214, 120, 255);
    p.face_fill[3] = IM_COL32(178, 214, 128, 255);
    p.face_fill[4] = IM_COL32(120, 196, 138, 255);
    p.face_ink = IM_COL32(40, 36, 32, 255);
    return p;
}

Palette high_contrast_palette() {
    Palette p{};
    p.background = IM_COL32(0, 0, 0, 255);
    p.surface = IM_COL32(0, 0, 0, 255);
    p.surface_pressed = IM_COL32(0, 0, 0, 255);
    p.surface_chosen = IM_COL32(0, 0, 120, 255);
    p.border = IM_COL32(255, 255, 255, 255);
    p.text = IM_COL32(255, 255, 255, 255);
    p.text_muted = IM_COL32(255, 255, 0, 255);
    p.accent = IM_COL32(255, 255, 0, 255);
    p.accent_text = IM_COL32(0, 0, 0, 255);
    p.overlay_dim = IM_COL32(0, 0, 0, 220);
    for (auto& fill : p.face_fill) fill = IM_COL32(0, 0, 0, 255);
    p.face_ink = IM_COL32(255, 255, 255, 255);
    return p;
}

ButtonColours button_colours(const Palette& p, ButtonLook look, bool pressed) {
    switch (look) {
        case ButtonLook::primary:
            if (pressed) return {p.surface_pressed, p.accent, p.accent, 1.0f};
            return {p.accent, p.accent, p.accent_text, 0.6f};
        case ButtonLook::chosen:
            if (pressed) return {p.accent, p.accent, p.accent_text, 1.0f};
            return {p.surface_chosen, p.accent, p.text, 1.0f};
        case ButtonLook::plain:
            break;
    }
    if (pressed) return {p.accent, p.accent, p.accent_text, 0.6f};
    return {p.surface, p.border, p.text, 0.6f};
}

namespace {

double relative_luminance(ImU32 colour) {
    auto channel = [&](int shift) {
        double c = static_cast<double>((colour >> shift) & 0xFF) / 255.0;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(IM_COL32_R_SHIFT) + 0.7152 * channel(IM_COL32_G_SHIFT) +
           0.0722 * channel(IM_COL32_B_SHIFT);
}

}  // namespace

double contrast_ratio(ImU32 a, ImU32 b) {
    double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

float Theme::font_px(FontSize size) const {
    static constexpr float millimetres[font_size_count] = {5.0f, 6.5f, 9.0f, 12.0f, 20.0f};
    return mm(millimetres[static_cast<int>(size)] * text_scale);
}

}  // namespace kiosk::ui
