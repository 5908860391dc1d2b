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

// Wraps at spaces and steps the font down from role.largest to role.smallest until the text fits
// the box; `fits` is false when even the smallest size overflows (the layout test fails on that).
FittedText fit_text(const std::string& text, ImVec2 box, const Fonts& fonts, FontSize largest, FontSize smallest);

// The largest size at which every one of `texts` fits `box`, so a row of labels shares one size
// instead of one long word making its neighbours look mismatched.
FontSize common_size(const std::vector<std::string>& texts, ImVec2 box, const Fonts& fonts, FontSize largest,
                     FontSize smallest);

enum class Align { center, left, right };

// Fits and draws the text in the box (vertically centred).
void draw_text(const Ui& ui, const Box& box, const std::string& text, FontSize largest, FontSize smallest, ImU32 colour,
               Align align = Align::center);

enum class ButtonLook { plain, primary, chosen };

// A touch button covering `box`. Returns true when it was tapped (released on it).
bool touch_button(const Ui& ui, const char* target, const Box& box, const std::string& label, ButtonLook look,
                  FontSize largest = FontSize::large, FontSize smallest = FontSize::small);

// A filled rectangle with rounded corners, cheap for the software renderer (opaque colours only).
void fill_rounded_rect(ImDrawList* draw, const Box& box, ImU32 colour, float radius);

// An invisible touch area (e.g. the whole Welcome screen).
bool touch_area(const Ui& ui, const char* target, const Box& box);

// Faces for the 5-point scale; level 0 (very dissatisfied) .. 4 (very satisfied).
void draw_face(ImDrawList* draw, ImVec2 centre, float radius, int level, const Palette& palette);

void draw_pictogram(ImDrawList* draw, const Box& box, Pictogram pictogram, ImU32 colour);

// A globe for the language button, a chevron for back.
void draw_globe(ImDrawList* draw, ImVec2 centre, float radius, ImU32 colour);

}  // namespace kiosk::ui
