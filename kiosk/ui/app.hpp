// Runs the kiosk's window on a display: SDL's set-up and tear-down, the refusal to run unseen, and
// scripted mode. The window itself is in window.hpp.
#pragma once
#include <string>

namespace kiosk {
class Catalogues;
class Kiosk;
}  // namespace kiosk

namespace kiosk::ui {

struct AppOptions {
    bool windowed = false;    // development: a plain window, and Escape quits
    std::string script;       // scripted mode: replay this file
    std::string screenshots;  // where scripted screenshots go
    // For the benchmark and the tests, from the command line: never read from the environment.
    std::string tap_latency_file;  // at the script's end, tap-to-durable times in µs, one a line
    std::string first_frame_file;  // at the first frame presented, the wall clock in ms since 1970
};

// Runs until quit (SIGTERM, or Escape in a window), or until the script ends. Returns the process
// exit code.
int run_kiosk(Kiosk& kiosk, const Catalogues& catalogues, const AppOptions& options);

}  // namespace kiosk::ui
