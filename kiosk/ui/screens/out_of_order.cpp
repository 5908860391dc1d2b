// Out of order: the kiosk cannot keep ratings just now (no room left on its disk, a failing disk). It
// takes no answers and says so calmly, rather than thank a citizen for answers it could not keep.
#include "screens.hpp"

namespace kiosk::ui {

void render_out_of_order(const Ui& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    TextRole title = l.role("title");
    float middle = l.content.center().y;
    Box title_box{{l.content.min.x, middle - title.size.y}, {l.content.max.x, middle}};
    draw_text(ui, title_box, ui.text.tr("title", "This kiosk is out of order"), title.largest, title.smallest,
              t.palette.text);
    TextRole m = l.role("message");
    Box message{{l.content.center().x - m.size.x / 2, middle + t.gap()},
                {l.content.center().x + m.size.x / 2, middle + t.gap() + m.size.y}};
    draw_text(ui, message, ui.text.tr("message", "You can give your opinion at the counter. Thank you."),
              m.largest, m.smallest, t.palette.text_muted);
}

}  // namespace kiosk::ui
