// One norm question: five faces with words under them, and "does not apply".
#include "screens.hpp"

namespace kiosk::ui {

Intent render_norm(const Ui& ui, const std::string& norm_title, const std::string& question, std::optional<int> chosen) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    TextRole small_title = l.role("norm-title");
    Box title_box{l.content.min, {l.content.max.x, l.content.min.y + small_title.size.y}};
    draw_text(ui, title_box, norm_title, small_title.largest, small_title.smallest, t.palette.accent);
    TextRole q = l.role("norm-question");
    Box question_box{{l.content.min.x, title_box.max.y}, {l.content.max.x, title_box.max.y + q.size.y}};
    draw_text(ui, question_box, question, q.largest, q.smallest, t.palette.text);

    const char* words[5] = {
        NC_("face", "Very dissatisfied"), NC_("face", "Dissatisfied"), NC_("face", "Neutral"),
        NC_("face", "Satisfied"), NC_("face", "Very satisfied"),
    };
    TextRole word = l.role("face");
    std::vector<std::string> labels;
    for (const char* w : words) labels.push_back(ui.text.data("face", w));
    FontSize label_size = common_size(labels, word.size, ui.fonts, word.largest, word.smallest);
    float na_h = t.touch_target();
    float cell_w = (l.content.width() - 4 * t.gap()) / 5;
    float space_top = question_box.max.y + t.mm(4);
    float space_bottom = l.content.max.y - na_h - t.mm(6);
    float row_h = std::min(space_bottom - space_top, cell_w * 0.62f + word.size.y + t.mm(10));
    float row_top = space_top + (space_bottom - space_top - row_h) / 2;
    float row_bottom = row_top + row_h;
    Box row{{l.content.min.x, row_top}, {l.content.max.x, row_bottom}};
    for (int i = 0; i < 5; ++i) {
        Box cell = l.grid_cell(row, 5, 1, i, t.gap());
        std::string target = "face-" + std::to_string(i + 1);
        ButtonLook look = chosen == i + 1 ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), cell, "", look)) intent = {Intent::answer_norm, i + 1};
        float label_h = word.size.y;
        float radius = std::min(cell.width() * 0.3f, (cell.height() - label_h - t.mm(8)) / 2);
        ImVec2 centre{cell.center().x, cell.min.y + t.mm(4) + (cell.height() - label_h - t.mm(6)) / 2};
        draw_face(ImGui::GetWindowDrawList(), centre, radius, i, t.palette);
        Box label{{cell.min.x + t.mm(1), cell.max.y - label_h - t.mm(2)}, {cell.max.x - t.mm(1), cell.max.y - t.mm(2)}};
        draw_text(ui, label, labels[static_cast<std::size_t>(i)], label_size, word.smallest, t.palette.text);
    }
    float na_w = l.bar_button.x * 1.4f;
    float na_top = l.content.max.y - na_h;
    Box na{{l.content.center().x - na_w / 2, na_top}, {l.content.center().x + na_w / 2, na_top + na_h}};
    ButtonLook look = chosen == 0 ? ButtonLook::chosen : ButtonLook::plain;
    if (touch_button(ui, "not-applicable", na, ui.text.tr("button", "Does not apply to me"), look))
        intent = {Intent::answer_norm, 0};
    return intent;
}

}  // namespace kiosk::ui
