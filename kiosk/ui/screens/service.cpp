// "What did you come for?": large tiles, a pictogram and words, one per life event the counter handles.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_service(const Ui& ui, const std::vector<std::string>& services) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    TextRole title = l.role("title");
    Box title_box{l.content.min, {l.content.max.x, l.content.min.y + title.size.y}};
    draw_text(ui, title_box, ui.text.tr("title", "What did you come for today?"), title.largest, title.smallest,
              t.palette.text);

    int count = static_cast<int>(services.size());
    int columns = std::min(count, l.service_columns);
    int rows = (count + columns - 1) / columns;
    float tile_w = (l.content.width() - t.gap() * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float space = l.content.max.y - title_box.max.y - t.gap();
    float area_h = std::min(space, (tile_w * 0.85f + t.gap()) * static_cast<float>(rows) - t.gap());
    float top = title_box.max.y + t.gap() + (space - area_h) / 2;
    Box area{{l.content.min.x, top}, {l.content.max.x, top + area_h}};
    TextRole label = l.role("service");
    std::vector<std::string> titles;
    for (const auto& id : services)
        if (const LifeEvent* event = find_life_event(id)) titles.push_back(ui.text.data("service", event->title));
    FontSize title_size = common_size(titles, label.size, ui.fonts, label.largest, label.smallest);
    for (int i = 0; i < count; ++i) {
        const LifeEvent* event = find_life_event(services[static_cast<std::size_t>(i)]);
        if (!event) continue;
        Box tile = l.grid_cell(area, columns, rows, i, t.gap());
        std::string target = "service-" + std::string(event->id);
        if (touch_button(ui, target.c_str(), tile, "", ButtonLook::plain)) intent = {Intent::choose_service, 0, std::string(event->id)};
        float label_h = std::min(label.size.y, tile.height() * 0.45f);
        Box picture{{tile.min.x, tile.min.y + t.mm(3)}, {tile.max.x, tile.max.y - label_h - t.mm(2)}};
        draw_pictogram(ImGui::GetWindowDrawList(), picture, event->pictogram, t.palette.accent);
        Box words{{tile.min.x + t.mm(3), tile.max.y - label_h - t.mm(2)}, {tile.max.x - t.mm(3), tile.max.y - t.mm(2)}};
        draw_text(ui, words, ui.text.data("service", event->title), title_size, label.smallest, t.palette.text);
    }
    return intent;
}

}  // namespace kiosk::ui
