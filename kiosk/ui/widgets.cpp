#include "widgets.hpp"

#include <cmath>

namespace kiosk::ui {
namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char ch : text) {
        if (ch == ' ' || ch == '\n') {
            if (!word.empty()) words.push_back(word);
            word.clear();
            if (ch == '\n') words.emplace_back("\n");
        } else {
            word += ch;
        }
    }
    if (!word.empty()) words.push_back(word);
    return words;
}

float width_of(ImFont* font, const std::string& s) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.c_str(), s.c_str() + s.size()).x;
}

FittedText wrap(const std::string& text, float max_width, ImFont* font) {
    FittedText out;
    out.font = font;
    out.fits = true;
    std::string line;
    for (const auto& word : split_words(text)) {
        if (word == "\n") {
            out.lines.push_back(line);
            line.clear();
            continue;
        }
        if (width_of(font, word) > max_width) out.fits = false;  // a word never breaks inside itself
        std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && width_of(font, candidate) > max_width) {
            out.lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.empty() || out.lines.empty()) out.lines.push_back(line);
    for (const auto& l : out.lines) out.size.x = std::max(out.size.x, width_of(font, l));
    out.size.y = static_cast<float>(out.lines.size()) * font->FontSize * 1.15f;
    return out;
}

}  // namespace

FittedText fit_text(const std::string& text, ImVec2 box, const Fonts& fonts, FontRange range) {
    FittedText result;
    for (int size = static_cast<int>(range.largest); size >= static_cast<int>(range.smallest); --size) {
        result = wrap(text, box.x, fonts.sizes[size]);
        result.fits = result.fits && result.size.y <= box.y + 0.5f;
        if (result.fits) return result;
    }
    return result;  // the smallest attempt, marked as not fitting
}

FontSize common_size(const std::vector<std::string>& texts, const TextBox& box, const Fonts& fonts) {
    int size = static_cast<int>(box.fonts.largest);
    for (const auto& text : texts) {
        FittedText fitted =
            fit_text(text, box.box.size(), fonts, box.at_most(static_cast<FontSize>(size)).fonts);
        while (size > static_cast<int>(box.fonts.smallest) && fonts.sizes[size] != fitted.font) --size;
    }
    return static_cast<FontSize>(size);
}

void draw_text(const Ui& ui, const TextBox& text_box, const std::string& text, ImU32 colour, Align align) {
    const Box& box = text_box.box;
    FittedText fitted = fit_text(text, box.size(), ui.fonts, text_box.fonts);
    if (!fitted.font) return;  // an empty range (largest below smallest): nothing to draw with
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float line_height = fitted.font->FontSize * 1.15f;
    float y = box.min.y + (box.height() - fitted.size.y) / 2;
    for (const auto& line : fitted.lines) {
        float w = width_of(fitted.font, line);
        float x = align == Align::center  ? box.min.x + (box.width() - w) / 2
                  : align == Align::right ? box.max.x - w
                                          : box.min.x;
        draw->AddText(fitted.font, fitted.font->FontSize,
                      {std::floor(x), std::floor(y + line_height * 0.075f)}, colour, line.c_str(),
                      line.c_str() + line.size());
        y += line_height;
    }
}

void fill_rounded_rect(ImDrawList* draw, const Box& box, ImU32 colour, float radius) {
    // Axis-aligned rectangles reach SDL's software renderer as fast rectangle fills, where one rounded
    // polygon would be rasterised triangle by triangle: so a cross of rectangles and four corner discs.
    // Only for opaque colours: the pieces overlap.
    radius = std::min(radius, std::min(box.width(), box.height()) / 2);
    draw->AddRectFilled({box.min.x + radius, box.min.y}, {box.max.x - radius, box.max.y}, colour);
    // The side bands overlap the middle by a pixel: abutting edges can leave a seam after rounding.
    draw->AddRectFilled({box.min.x, box.min.y + radius}, {box.min.x + radius + 1, box.max.y - radius},
                        colour);
    draw->AddRectFilled({box.max.x - radius - 1, box.min.y + radius}, {box.max.x, box.max.y - radius},
                        colour);
    for (ImVec2 c :
         {ImVec2{box.min.x + radius, box.min.y + radius}, ImVec2{box.max.x - radius, box.min.y + radius},
          ImVec2{box.min.x + radius, box.max.y - radius}, ImVec2{box.max.x - radius, box.max.y - radius}})
        draw->AddCircleFilled(c, radius, colour, 12);
}

bool touch_area(const Ui& ui, const char* target, const Box& box) {
    ImGui::SetCursorScreenPos(box.min);
    bool tapped = ImGui::InvisibleButton(target, box.size());
    ui.targets[target] = box;
    return tapped;
}

bool touch_button(const Ui& ui, const char* target, const Box& box, ButtonLook look) {
    bool tapped = touch_area(ui, target, box);
    ButtonColours c = button_colours(ui.theme.palette, look, ImGui::IsItemActive());
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_rounded_rect(draw, box, c.fill, ui.theme.corner());
    draw->AddRect(box.min, box.max, c.edge, ui.theme.corner(), 0, ui.theme.mm(c.edge_mm));
    return tapped;
}

bool touch_button(const Ui& ui, const char* target, const ButtonBox& button, const std::string& label,
                  ButtonLook look) {
    bool tapped = touch_button(ui, target, button.box, look);
    ImU32 ink = button_colours(ui.theme.palette, look, ImGui::IsItemActive()).ink;
    if (!label.empty()) draw_text(ui, button.label, label, ink);
    return tapped;
}

bool globe_button(const Ui& ui, const char* target, const ButtonBox& button, const std::string& label,
                  ButtonLook look) {
    bool tapped = touch_button(ui, target, button.box, look);
    ButtonColours c = button_colours(ui.theme.palette, look, ImGui::IsItemActive());
    // The globe left of the words, so a citizen who cannot read them still finds the languages; it
    // fills the room Layout::globe_button leaves before the label.
    float r = (button.label.box.min.x - button.box.min.x) / 2.8f;
    draw_globe(ImGui::GetWindowDrawList(), {button.box.min.x + r * 1.6f, button.box.center().y}, r,
               c.ink == ui.theme.palette.text ? ui.theme.palette.accent : c.ink);
    draw_text(ui, button.label, label, c.ink);
    return tapped;
}

void draw_face(ImDrawList* draw, ImVec2 c, float r, int level, const Palette& palette) {
    draw->AddCircleFilled(c, r, palette.face_fill[level], 48);
    float stroke = std::max(2.0f, r * 0.07f);
    draw->AddCircle(c, r, palette.face_ink, 48, stroke);
    // Eyes: plain dots; the mouth carries the meaning, from a deep frown to a broad smile.
    float eye_dx = r * 0.33f, eye_y = c.y - r * 0.22f, eye_r = r * 0.09f;
    draw->AddCircleFilled({c.x - eye_dx, eye_y}, eye_r, palette.face_ink, 16);
    draw->AddCircleFilled({c.x + eye_dx, eye_y}, eye_r, palette.face_ink, 16);
    float curve = (static_cast<float>(level) - 2.0f) / 2.0f;  // -1 .. 1
    float mouth_y = c.y + r * 0.38f - curve * r * 0.06f;
    float half = r * 0.42f;
    ImVec2 left{c.x - half, mouth_y - curve * r * 0.12f};
    ImVec2 right{c.x + half, mouth_y - curve * r * 0.12f};
    ImVec2 control{c.x, mouth_y + curve * r * 0.36f};
    if (level == 2) {
        draw->AddLine(left, right, palette.face_ink, stroke);
    } else {
        draw->AddBezierQuadratic(left, control, right, palette.face_ink, stroke, 24);
    }
}

void draw_globe(ImDrawList* draw, ImVec2 c, float r, ImU32 colour) {
    float t = std::max(1.5f, r * 0.1f);
    draw->AddCircle(c, r, colour, 32, t);
    draw->AddLine({c.x - r, c.y}, {c.x + r, c.y}, colour, t);
    draw->AddLine({c.x, c.y - r}, {c.x, c.y + r}, colour, t);
    draw->AddBezierQuadratic({c.x, c.y - r}, {c.x - r * 0.9f, c.y}, {c.x, c.y + r}, colour, t, 16);
    draw->AddBezierQuadratic({c.x, c.y - r}, {c.x + r * 0.9f, c.y}, {c.x, c.y + r}, colour, t, 16);
}

void draw_phone(ImDrawList* d, const Box& box, ImU32 ink) {
    float w = std::min(box.width(), box.height() * 0.55f);
    float h = w / 0.55f;
    ImVec2 c = box.center();
    float t = std::max(2.0f, w * 0.09f);
    ImVec2 min{c.x - w / 2, c.y - h / 2}, max{c.x + w / 2, c.y + h / 2};
    d->AddRect(min, max, ink, w * 0.18f, 0, t);
    d->AddLine({c.x - w * 0.15f, min.y + h * 0.09f}, {c.x + w * 0.15f, min.y + h * 0.09f}, ink,
               t);                                                   // speaker
    d->AddCircleFilled({c.x, max.y - h * 0.1f}, t * 0.8f, ink, 12);  // button
}

void draw_pictogram(ImDrawList* d, const Box& box, Pictogram pictogram, ImU32 ink) {
    ImVec2 c = box.center();
    float s = std::min(box.width(), box.height()) / 2;  // half size
    float t = std::max(2.0f, s * 0.08f);
    auto P = [&](float x, float y) { return ImVec2{c.x + x * s, c.y + y * s}; };
    switch (pictogram) {
        case Pictogram::passport:
            d->AddRect(P(-0.55f, -0.8f), P(0.55f, 0.8f), ink, s * 0.08f, 0, t);
            d->AddCircle(P(0, -0.15f), s * 0.3f, ink, 24, t);
            d->AddLine(P(-0.3f, 0.45f), P(0.3f, 0.45f), ink, t);
            break;
        case Pictogram::house:
            d->AddTriangle(P(-0.8f, -0.05f), P(0, -0.8f), P(0.8f, -0.05f), ink, t);
            d->AddRect(P(-0.6f, -0.05f), P(0.6f, 0.8f), ink, 0, 0, t);
            d->AddRect(P(-0.15f, 0.3f), P(0.15f, 0.8f), ink, 0, 0, t);
            break;
        case Pictogram::baby:
            d->AddCircle(P(0, -0.45f), s * 0.3f, ink, 24, t);
            d->AddBezierCubic(P(-0.55f, 0.8f), P(-0.6f, -0.05f), P(0.6f, -0.05f), P(0.55f, 0.8f), ink, t, 24);
            break;
        case Pictogram::rings:
            d->AddCircle(P(-0.25f, 0.1f), s * 0.42f, ink, 32, t);
            d->AddCircle(P(0.25f, 0.1f), s * 0.42f, ink, 32, t);
            break;
        case Pictogram::car:
            d->AddRect(P(-0.85f, -0.1f), P(0.85f, 0.4f), ink, s * 0.1f, 0, t);
            d->AddQuad(P(-0.5f, -0.1f), P(-0.3f, -0.55f), P(0.3f, -0.55f), P(0.5f, -0.1f), ink, t);
            d->AddCircleFilled(P(-0.5f, 0.45f), s * 0.17f, ink, 16);
            d->AddCircleFilled(P(0.5f, 0.45f), s * 0.17f, ink, 16);
            break;
        case Pictogram::briefcase:
            d->AddRect(P(-0.8f, -0.35f), P(0.8f, 0.65f), ink, s * 0.08f, 0, t);
            d->AddRect(P(-0.3f, -0.65f), P(0.3f, -0.35f), ink, s * 0.05f, 0, t);
            d->AddLine(P(-0.8f, 0.1f), P(0.8f, 0.1f), ink, t);
            break;
        case Pictogram::coins:
            for (int i = 0; i < 3; ++i) {
                float y = 0.55f - 0.4f * static_cast<float>(i);
                d->AddRect(P(-0.6f, y - 0.15f), P(0.6f, y + 0.15f), ink, s * 0.15f, 0, t);
            }
            d->AddCircle(P(0.45f, -0.55f), s * 0.3f, ink, 24, t);
            break;
        case Pictogram::permit:
            d->AddRect(P(-0.6f, -0.8f), P(0.6f, 0.8f), ink, 0, 0, t);
            d->AddLine(P(-0.35f, -0.4f), P(0.35f, -0.4f), ink, t);
            d->AddLine(P(-0.35f, -0.1f), P(0.35f, -0.1f), ink, t);
            d->AddCircle(P(0.15f, 0.45f), s * 0.2f, ink, 16, t);
            break;
        case Pictogram::heart:
            d->AddBezierCubic(P(0, 0.75f), P(-1.1f, 0.0f), P(-0.5f, -0.95f), P(0, -0.35f), ink, t, 24);
            d->AddBezierCubic(P(0, 0.75f), P(1.1f, 0.0f), P(0.5f, -0.95f), P(0, -0.35f), ink, t, 24);
            break;
        case Pictogram::document:
            d->AddRect(P(-0.55f, -0.8f), P(0.55f, 0.8f), ink, 0, 0, t);
            for (float y : {-0.4f, -0.1f, 0.2f, 0.5f}) d->AddLine(P(-0.3f, y), P(0.3f, y), ink, t);
            break;
    }
}

}  // namespace kiosk::ui
