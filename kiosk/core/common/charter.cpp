#include "charter.hpp"

#include <algorithm>

#include "text_marker.hpp"

namespace kiosk {
namespace {

// Each question asks how satisfied the citizen is with one thing, as the five faces answer it: no
// yes/no question on a satisfaction scale, no double negative, no two things at once, about 12 plain
// words. Norms 8-10 (accountability and participation) are there for completeness and can be enabled
// in the config.
constexpr CharterNorm norms[] = {
    {1, "bsc1", NC_("norm-title", "Choice of channel"),
     NC_("norm-question", "How satisfied are you with the ways you could contact us?")},
    {2, "bsc2", NC_("norm-title", "Finding the right place"),
     NC_("norm-question", "How satisfied are you with finding the right place for your matter?")},
    {3, "bsc3", NC_("norm-title", "Your rights and duties"),
     NC_("norm-question", "How satisfied are you with how we explained your rights and obligations?")},
    {4, "bsc4", NC_("norm-title", "Information fitted to you"),
     NC_("norm-question", "How satisfied are you with how well our information fitted your situation?")},
    {5, "bsc5", NC_("norm-title", "Convenient service"),
     NC_("norm-question", "How satisfied are you with the paperwork we asked from you?")},
    {6, "bsc6", NC_("norm-title", "Clear procedures"),
     NC_("norm-question", "How satisfied are you with what we told you about the next steps?")},
    {7, "bsc7", NC_("norm-title", "Trust and reliability"),
     NC_("norm-question", "How satisfied are you with how carefully we handled your personal data?")},
    {8, "bsc8", NC_("norm-title", "Listening to you"),
     NC_("norm-question", "How satisfied are you with how we listen to you?")},
    {9, "bsc9", NC_("norm-title", "Open about results"),
     NC_("norm-question", "How satisfied are you with what we share about our results?")},
    {10, "bsc10", NC_("norm-title", "Having a say"),
     NC_("norm-question", "How satisfied are you with your say in decisions that affect you?")},
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
