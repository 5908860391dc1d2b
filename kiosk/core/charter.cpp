#include "charter.hpp"

#include <algorithm>

#include "text_marker.hpp"

namespace kiosk {
namespace {

// Questions are phrased for someone who has just left a counter; norms 8-10 (accountability and
// participation) are there for completeness and can be enabled in the config.
constexpr CharterNorm norms[] = {
    {1, "bsc1", NC_("norm-title", "Choice of channel"),
     NC_("norm-question",
         "Could you deal with us in the way that suits you: at the counter, by phone, by post or online?")},
    {2, "bsc2", NC_("norm-title", "Finding the right place"),
     NC_("norm-question", "Was it easy to find out where you had to go for your matter?")},
    {3, "bsc3", NC_("norm-title", "Your rights and duties"),
     NC_("norm-question", "Do you now know what you are entitled to and what is expected of you?")},
    {4, "bsc4", NC_("norm-title", "Information fitted to you"),
     NC_("norm-question",
         "Was the information you received complete, up to date and right for your situation?")},
    {5, "bsc5", NC_("norm-title", "Convenient service"),
     NC_("norm-question", "Did we avoid asking you for information that the government already has?")},
    {6, "bsc6", NC_("norm-title", "Clear procedures"),
     NC_("norm-question", "Do you know what happens next with your matter and how you can follow it?")},
    {7, "bsc7", NC_("norm-title", "Trust and reliability"),
     NC_("norm-question",
         "Did you feel that your matter and your personal data were handled competently and securely?")},
    {8, "bsc8", NC_("norm-title", "Listening to you"),
     NC_("norm-question",
         "Do you feel that you could make a suggestion or complaint and that it would be taken seriously?")},
    {9, "bsc9", NC_("norm-title", "Open about results"),
     NC_("norm-question", "Can you easily find out how well this office performs?")},
    {10, "bsc10", NC_("norm-title", "Having a say"),
     NC_("norm-question", "Do you feel invited to have a say in decisions that affect you?")},
};

constexpr LifeEvent events[] = {
    {"passport", NC_("service", "Passport or identity card"), Pictogram::passport},
    {"moving", NC_("service", "Moving house"), Pictogram::house},
    {"birth", NC_("service", "Birth"), Pictogram::baby},
    {"marriage", NC_("service", "Marriage or partnership"), Pictogram::rings},
    {"driving-licence", NC_("service", "Driving licence"), Pictogram::car},
    {"business", NC_("service", "Starting a business"), Pictogram::briefcase},
    {"benefits", NC_("service", "Benefits and allowances"), Pictogram::coins},
    {"permit", NC_("service", "Permits"), Pictogram::permit},
    {"death", NC_("service", "Death of a relative"), Pictogram::heart},
    {"other", NC_("service", "Something else"), Pictogram::document},
};

template <typename T>
const T* find_by_id(std::span<const T> items, std::string_view id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::span<const CharterNorm> charter_norms() { return norms; }
const CharterNorm* find_charter_norm(std::string_view id) { return find_by_id(charter_norms(), id); }
std::span<const LifeEvent> life_events() { return events; }
const LifeEvent* find_life_event(std::string_view id) { return find_by_id(life_events(), id); }

}  // namespace kiosk
