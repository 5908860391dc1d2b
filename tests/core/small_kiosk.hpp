// The configuration of a small kiosk for tests that run a whole `Kiosk` without a screen: one service,
// two norms a visit, no tap guard and no pause on the chosen answer, so a test taps straight through.
#pragma once
#include <chrono>
#include <string>

#include "config.hpp"

inline kiosk::KioskConfig small_kiosk_config(const std::string& database) {
    kiosk::KioskConfig c;
    c.kiosk_id = "kiosk-7";
    c.database = database;
    c.site_name = "Town hall";
    c.counter = "Desk 2";
    c.languages = {"nl"};
    c.default_language = "nl";
    c.services = {"passport"};
    c.norms = {"bsc1", "bsc2"};
    c.norms_per_visit = 2;
    c.tap_guard = std::chrono::milliseconds(0);
    c.answer_shown_for = std::chrono::milliseconds(0);
    c.config_digest = "sha-256=abc";
    return c;
}
