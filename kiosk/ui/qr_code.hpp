// A QR code (libqrencode) drawn as squares, dark on white with the standard quiet zone.
#pragma once
#include <string>

#include "layout.hpp"

struct ImDrawList;

namespace kiosk::ui {

// Draws the largest whole-module QR code of `text` that fits in `box`; returns its box.
Box draw_qr_code(ImDrawList* draw, const Box& box, const std::string& text);

}  // namespace kiosk::ui
