// Out of order: the kiosk cannot keep ratings just now (no room left on its disk, a failing disk). It
// takes no answers and says so calmly, rather than thank a citizen for answers it could not keep.
#include "screens.hpp"

namespace kiosk::ui {

void render_out_of_order(const Ui& ui) {
    OutOfOrderLayout o = out_of_order_layout(ui.layout);
    draw_text(ui, o.title, ui.text.tr("title", "This kiosk is out of order"), ui.theme.palette.text);
    draw_text(ui, o.message, ui.text.tr("message", "You can give your opinion at the counter. Thank you."),
              ui.theme.palette.text_muted);
}

}  // namespace kiosk::ui
