// `kiosk scores`: the manager's scores on the command line, as text for people or JSON for scripts
// (docs/manager.md describes every field). Reads on a connection of its own: safe beside the kiosk.
#pragma once
#include <cstdint>
#include <string>

#include "scores.hpp"

namespace kiosk {

std::string scores_json(const Scores& scores);
std::string scores_text(const Scores& scores);

}  // namespace kiosk
