#include "qr_code.hpp"

#include <qrencode.h>

#include <cmath>
#include <memory>

namespace kiosk::ui {
namespace {

struct QrDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// Encoding is done once per text, not once per frame.
const QRcode* encode(const std::string& text) {
    static std::string cached_text;
    static std::unique_ptr<QRcode, QrDeleter> cached;
    if (!cached || text != cached_text) {
        cached.reset(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
        cached_text = text;
    }
    return cached.get();
}

}  // namespace

Box draw_qr_code(ImDrawList* draw, const Box& box, const std::string& text) {
    const QRcode* code = encode(text);
    if (!code) return {box.min, box.min};
    constexpr int quiet = 4;  // modules of white around the code, as the standard asks
    int modules = code->width + 2 * quiet;
    float module = std::floor(std::min(box.width(), box.height()) / static_cast<float>(modules));
    if (module < 1) return {box.min, box.min};  // too small to be read: the caller logs it
    float side = module * static_cast<float>(modules);
    ImVec2 origin{std::floor(box.center().x - side / 2), std::floor(box.center().y - side / 2)};
    draw->AddRectFilled(origin, {origin.x + side, origin.y + side}, IM_COL32_WHITE);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (!(code->data[y * code->width + x] & 1)) continue;
            ImVec2 a{origin.x + module * static_cast<float>(x + quiet),
                     origin.y + module * static_cast<float>(y + quiet)};
            draw->AddRectFilled(a, {a.x + module, a.y + module}, IM_COL32_BLACK);
        }
    }
    return {origin, {origin.x + side, origin.y + side}};
}

}  // namespace kiosk::ui
