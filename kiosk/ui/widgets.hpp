// The few widgets every screen is built from: text fitted into a box, a large touch button, the five
// faces, pictograms. Each touchable widget registers its box under a name, so scripted tests tap it
// the way a finger would.
#pragma once
#include <imgui.h>

#include <map>
#include <string>
#include <vector>

#include "charter.hpp"
#include "fonts.hpp"
#include "layout.hpp"
#include "text.hpp"
#include "theme.hpp"

namespace kiosk::ui {

// Where each named touch target was drawn in the last frame.
using TouchTargets = std::map<std::string, Box>;

// What a screen needs to draw: read-only parts, plus the target registry it fills in.
struct Ui {
    const Theme& theme;
    const Fonts& fonts;
    const Layout& layout;
    const Text& text;
    TouchTargets& targets;
};

struct FittedText {
    ImFont* font = nullptr;
    std::vector<std::string> lines;
    ImVec2 size{0, 0};
    bool fits = false;
};

// Wraps at spaces and steps the font down from fonts.largest to fonts.smallest until the text fits
// the box; `fits` is false when even the smallest size overflows (the layout test fails on that).
FittedText fit_text(const std::string& text, ImVec2 box, const Fonts& fonts, FontRange range);

// The largest size at which every one of `texts` fits `box`, so a row of labels shares one size
// instead of one long word making its neighbours look mismatched.
FontSize common_size(const std::vector<std::string>& texts, const TextBox& box, const Fonts& fonts);

enum class Align { center, left, right };

// Fits and draws the text in its box (vertically centred), at the sizes of the box's role.
void draw_text(const Ui& ui, const TextBox& box, const std::string& text, ImU32 colour,
               Align align = Align::center);

// A touch button covering button.box, its label fitted into button.label. Returns true when it was
// tapped (released on it).
bool touch_button(const Ui& ui, const char* target, const ButtonBox& button, const std::string& label,
                  ButtonLook look);
// A button with no words (a face, a tile, the globe): the caller draws on it.
bool touch_button(const Ui& ui, const char* target, const Box& box, ButtonLook look);

// A button whose label sits right of a globe: the language button in the bar, "All languages".
bool globe_button(const Ui& ui, const char* target, const ButtonBox& button, const std::string& label,
                  ButtonLook look);

// A filled rectangle with rounded corners, cheap for the software renderer (opaque colours only).
void fill_rounded_rect(ImDrawList* draw, const Box& box, ImU32 colour, float radius);

// An invisible touch area (e.g. the whole Welcome screen).
bool touch_area(const Ui& ui, const char* target, const Box& box);

// Faces for the 5-point scale; level 0 (very dissatisfied) .. 4 (very satisfied).
void draw_face(ImDrawList* draw, ImVec2 centre, float radius, int level, const Palette& palette);

// A phone, beside the QR code: what the code is for.
void draw_phone(ImDrawList* draw, const Box& box, ImU32 colour);

void draw_pictogram(ImDrawList* draw, const Box& box, Pictogram pictogram, ImU32 colour);

// A globe for the language button, a chevron for back.
void draw_globe(ImDrawList* draw, ImVec2 centre, float radius, ImU32 colour);

}  // namespace kiosk::ui
