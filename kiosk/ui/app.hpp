// The kiosk's window and frame loop: the only place that waits and decides to draw.
#pragma once
#include <string>

#include "catalogues.hpp"
#include "config.hpp"
#include "rating_store.hpp"

namespace kiosk::ui {

struct AppOptions {
    bool windowed = false;     // development: a plain window, and Escape quits
    std::string script;        // scripted mode: replay this file
    std::string screenshots;   // where scripted screenshots go
};

// Runs until quit (SIGTERM, or Escape in a window). Returns the process exit code.
int run_kiosk(const KioskConfig& config, const Catalogues& catalogues, RatingStore& store, const AppOptions& options);

}  // namespace kiosk::ui
