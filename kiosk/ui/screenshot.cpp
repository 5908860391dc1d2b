#include "screenshot.hpp"

#include <stb_image_write.h>

#include <vector>

#include "display.hpp"

namespace kiosk::ui {

std::string write_screenshot(Renderer& renderer, const std::string& path) {
    std::vector<unsigned char> rgba;
    int w = 0, h = 0;
    if (!renderer.read_pixels(rgba, w, h)) return "Unable to read the frame for " + path;
    if (!stbi_write_png(path.c_str(), w, h, 4, rgba.data(), w * 4)) return "Unable to write " + path;
    return {};
}

}  // namespace kiosk::ui
