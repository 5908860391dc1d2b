// "What did you come for?": large tiles, a pictogram and words, one per life event the counter handles.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_service(const Ui& ui, const std::vector<std::string>& services) {
    const Theme& t = ui.theme;
    std::vector<const LifeEvent*> events;
    for (const auto& id : services)
        if (const LifeEvent* event = find_life_event(id)) events.push_back(event);
    ServiceLayout s = service_layout(ui.layout, static_cast<int>(events.size()));
    Intent intent;
    draw_text(ui, s.title, ui.text.tr("title", "What did you come for today?"), t.palette.text);

    std::vector<std::string> titles;
    for (const LifeEvent* event : events) titles.push_back(ui.text.data("service", event->title));
    FontSize size = s.tiles.empty() ? FontSize::body : common_size(titles, s.tiles.front().label, ui.fonts);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const ServiceTile& tile = s.tiles[i];
        std::string target = "service-" + std::string(events[i]->id);
        if (touch_button(ui, target.c_str(), tile.box, ButtonLook::plain))
            intent = {Intent::choose_service, 0, std::string(events[i]->id)};
        draw_pictogram(ImGui::GetWindowDrawList(), tile.picture, events[i]->pictogram, t.palette.accent);
        draw_text(ui, tile.label.at_most(size), titles[i], t.palette.text);
    }
    return intent;
}

}  // namespace kiosk::ui
