// What a screen may include: the kiosk object, the visit, the configuration, the catalogues and ImGui.
// It must compile with the UI's flags, or the wall test below proves nothing.
#include <imgui.h>

#include "catalogues.hpp"
#include "config.hpp"
#include "kiosk.hpp"
#include "survey_flow.hpp"
#include "widgets.hpp"

int main() { return 0; }
