// The boxes of every screen, computed from the Layout. A screen draws each text and each touch
// target in a box from here and nowhere else, and the fit test checks every translation against
// these same boxes (all_text_boxes), so what is checked is what is drawn.
//
// Sections: top bar and progress · welcome · service · grade · norm · thanks · out of order ·
// language picker · still there · every text box
#pragma once
#include <array>
#include <string>
#include <vector>

#include "layout.hpp"

namespace kiosk::ui {

// ---- top bar and progress ------------------------------------------------------------------------
struct TopBarLayout {
    ButtonBox language;  // its label (the language's own name) sits right of the globe
    Circle globe;
    ButtonBox back;
};
TopBarLayout top_bar_layout(const Layout& l);

std::vector<Circle> progress_layout(const Layout& l, int steps);

// ---- welcome -------------------------------------------------------------------------------------
// The most languages the strip offers directly; the globe beside them opens all of them.
constexpr int welcome_strip_max = 5;

struct WelcomeLayout {
    Box whole;  // a tap anywhere starts the visit
    TextBox greeting;
    TextBox hint;
    Box greeting_area;  // greeting and hint: all that changes when the greeting moves on
    std::array<Circle, 5> faces;
    std::vector<ButtonBox> strip;  // one per language, at most welcome_strip_max
    Box globe_button;
    Circle globe;
};
WelcomeLayout welcome_layout(const Layout& l, int strip_languages);

// ---- service -------------------------------------------------------------------------------------
struct ServiceTile {
    Box box;
    Box picture;
    TextBox label;
};
struct ServiceLayout {
    TextBox title;
    std::vector<ServiceTile> tiles;
};
ServiceLayout service_layout(const Layout& l, int services);

// ---- grade ---------------------------------------------------------------------------------------
struct GradeLayout {
    TextBox title;
    std::array<ButtonBox, 10> keys;  // 1 .. 10
    TextBox low, high;               // what 1 and 10 mean, under the first and the last key
};
GradeLayout grade_layout(const Layout& l);

// ---- norm ----------------------------------------------------------------------------------------
struct FaceButton {
    Box box;
    Circle face;
    TextBox label;
};
struct NormLayout {
    TextBox title;
    TextBox question;
    std::array<FaceButton, 5> faces;  // very dissatisfied .. very satisfied
    ButtonBox not_applicable;
};
NormLayout norm_layout(const Layout& l);

// ---- thanks --------------------------------------------------------------------------------------
struct ThanksLayout {
    TextBox title;
    TextBox saved, scan, reference;
    Box qr;  // the most the QR code may take
    ButtonBox done;
};
ThanksLayout thanks_layout(const Layout& l);

// ---- out of order --------------------------------------------------------------------------------
struct OutOfOrderLayout {
    TextBox title;
    TextBox message;
};
OutOfOrderLayout out_of_order_layout(const Layout& l);

// ---- language picker -----------------------------------------------------------------------------
struct LanguagePickerLayout {
    Box whole;  // a tap between the buttons closes nothing, but is taken from the screen below
    TextBox title;
    ButtonBox close;
    std::vector<ButtonBox> languages;
};
LanguagePickerLayout language_picker_layout(const Layout& l, int languages);

// ---- still there ---------------------------------------------------------------------------------
struct StillThereLayout {
    Box whole;  // a tap anywhere means "I'm here"
    Box card;
    TextBox title;
    TextBox message;
    ButtonBox still_here;
};
StillThereLayout still_there_layout(const Layout& l);

// ---- every text box ------------------------------------------------------------------------------
struct PlacedText {
    std::string where;  // "still-there title", "service 7 tile 3" …: for the fit test's messages
    TextBox text;
};

// Every box any screen draws a text in, for every number of services (1 .. all life events) and of
// languages (1 .. `languages`): what the fit test checks the catalogues against.
std::vector<PlacedText> all_text_boxes(const Layout& l, int languages);

}  // namespace kiosk::ui
