// Every button's edge and pressed state, computed from the theme: WCAG 1.4.11 asks 3:1 for what marks
// a control, so a button stands out from what it stands on and a press shows around the fingertip.
#include <catch2/catch.hpp>

#include "theme.hpp"

using namespace kiosk::ui;

namespace {

struct Named {
    const char* name;
    Palette palette;
};

const char* look_name(ButtonLook look) {
    switch (look) {
        case ButtonLook::plain:
            return "plain";
        case ButtonLook::primary:
            return "primary";
        case ButtonLook::chosen:
            return "chosen";
    }
    return "?";
}

}  // namespace

TEST_CASE("every button edge and pressed state has at least 3 to 1 contrast in both palettes") {
    for (const Named& theme :
         {Named{"calm", calm_palette()}, Named{"high contrast", high_contrast_palette()}}) {
        const Palette& p = theme.palette;
        for (ButtonLook look : {ButtonLook::plain, ButtonLook::primary, ButtonLook::chosen}) {
            ButtonColours rest = button_colours(p, look, false);
            ButtonColours pressed = button_colours(p, look, true);
            INFO(theme.name << " palette, " << look_name(look) << " button");
            // Buttons stand on the screen's background and on cards (Thanks, "Are you still there?").
            for (auto [state, colours] : {std::pair{"at rest", rest}, std::pair{"pressed", pressed}}) {
                INFO(state);
                CHECK(contrast_ratio(colours.edge, p.background) >= 3.0);
                CHECK(contrast_ratio(colours.edge, p.surface) >= 3.0);
                CHECK(contrast_ratio(colours.ink, colours.fill) >= 4.5);  // the label stays readable
            }
            // The press changes the whole button, so it shows around the finger on it.
            CHECK(contrast_ratio(pressed.fill, rest.fill) >= 3.0);
        }
    }
}

TEST_CASE("the contrast ratio is WCAG's") {
    CHECK(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
    CHECK(contrast_ratio(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)) == Approx(1.0));
    // #767676 on white is the known 4.54:1.
    CHECK(contrast_ratio(IM_COL32(118, 118, 118, 255), IM_COL32(255, 255, 255, 255)) ==
          Approx(4.54).epsilon(0.005));
    // The old button edge (190, 184, 172) on the paper background: 1.75:1, as the review measured.
    CHECK(contrast_ratio(IM_COL32(190, 184, 172, 255), calm_palette().background) ==
          Approx(1.75).epsilon(0.01));
}
