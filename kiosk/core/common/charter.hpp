// The e-Citizen Charter's ten norms as data, plus the life events a counter may handle.
// Texts are English msgids (translated through locales/); ids are stable and go into the database.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kiosk {

struct CharterNorm {
    int number;                 // 1..10, as in the charter
    std::string_view id;        // "bsc1".."bsc10": stable, stored with every answer
    std::string_view title;     // msgctxt "norm-title"
    std::string_view question;  // msgctxt "norm-question": asked after a counter visit
};

std::span<const CharterNorm> charter_norms();
const CharterNorm* find_charter_norm(std::string_view id);

// Pictogram drawn by the UI for a life event; the core only names it.
enum class Pictogram { passport, house, baby, rings, car, briefcase, coins, permit, heart, document };

struct LifeEvent {
    std::string_view id;     // stable id used in config and database
    std::string_view title;  // msgctxt "service"
    Pictogram pictogram;
};

std::span<const LifeEvent> life_events();
// "Something else": always offered where the citizen is asked what they came for, so nobody has to
// pick a wrong tile.
constexpr std::string_view other_service = "other";
const LifeEvent* find_life_event(std::string_view id);

}  // namespace kiosk
