// Scripted mode's screenshots: the frame just drawn, as a PNG.
#pragma once
#include <string>

namespace kiosk::ui {

class Renderer;

// Call between Renderer::draw and present. Returns "" or what went wrong.
std::string write_screenshot(Renderer& renderer, const std::string& path);

}  // namespace kiosk::ui
