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

// ---- bar and progress ----------------------------------------------------------------------------
// The bar under every question screen: Language (globe and the language's own name) left, Back and
// Stop right.
struct BarLayout {
    ButtonBox language;
    ButtonBox back;
    ButtonBox stop;
};
BarLayout bar_layout(const Layout& l);

struct ProgressLayout {
    TextBox words;  // "Question 2 of 5"
    Box track;      // the bar: one part a step
};
ProgressLayout progress_layout(const Layout& l);

// ---- the grade keys, on Welcome and on the grade screen ------------------------------------------
struct GradeKeys {
    TextBox title;                   // the question
    std::array<ButtonBox, 10> keys;  // 1 .. 10
    TextBox low, high;               // what 1 and 10 mean, right under the first and the last key
    Circle low_face, high_face;      // a small face beside each
};

// ---- welcome -------------------------------------------------------------------------------------
// The most languages the strip offers directly: the default and languages.at_counter.
constexpr int welcome_strip_max = 6;

struct WelcomeLayout {
    GradeKeys grade;               // the first tap is the grade
    ButtonBox other;               // "Continue in …", in each language in turn
    std::vector<ButtonBox> strip;  // one per language, at most welcome_strip_max
    ButtonBox all_languages;       // a globe and "All languages"
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

// ---- grade (after Back) --------------------------------------------------------------------------
GradeKeys grade_layout(const Layout& l);

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
// One card: thanks, then the code beside what it is for, then Done.
struct ThanksLayout {
    Box card;
    TextBox title;
    TextBox saved;
    Box qr;     // the most the QR code may take
    Box phone;  // a phone pictogram beside the words
    TextBox scan;
    TextBox address;  // "Or go to example.org/ideas"
    TextBox counter;  // "Or ask at the counter."
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
    ButtonBox close;                   // in the bar, where Back is
    std::vector<ButtonBox> languages;  // filling the screen
};
LanguagePickerLayout language_picker_layout(const Layout& l, int languages);

// ---- still there ---------------------------------------------------------------------------------
struct StillThereLayout {
    Box whole;  // a tap anywhere means "I'm here"
    Box card;
    TextBox title;
    TextBox message;
    ButtonBox start_over;  // "Start a new rating"
    ButtonBox still_here;  // "Continue"
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
