#include "screen_layout.hpp"

#include <algorithm>

#include "charter.hpp"

namespace kiosk::ui {
namespace {

// Room for two lines of a title at its largest size. Every title box has this height, whatever its
// width: the card of "Are you still there?" is narrower than a screen, not lower.
float title_height(const Theme& t) { return t.mm(30); }
// Room for two lines of a message at its largest size, three at its smallest.
float message_height(const Theme& t) { return t.mm(22); }

Box title_box(const Layout& l) {
    return {l.content.min, {l.content.max.x, l.content.min.y + title_height(*l.theme)}};
}

// A grid cell, with the last row centred when it is not full.
Box centred_cell(const Layout& l, const Box& area, int columns, int rows, int count, int index, float gap) {
    Box cell = l.grid_cell(area, columns, rows, index, gap);
    int in_last_row = count - (rows - 1) * columns;
    if (index / columns == rows - 1 && in_last_row < columns) {
        float shift = static_cast<float>(columns - in_last_row) * (cell.width() + gap) / 2;
        cell.min.x += shift;
        cell.max.x += shift;
    }
    return cell;
}

}  // namespace

// ---- top bar and progress ------------------------------------------------------------------------

TopBarLayout top_bar_layout(const Layout& l) {
    const Theme& t = *l.theme;
    float y = l.top_bar.min.y + (l.top_bar.height() - l.bar_button.y) / 2;
    Box language{{l.top_bar.min.x, y}, {l.top_bar.min.x + l.bar_button.x, y + l.bar_button.y}};
    // The globe sits left of the name, so a citizen who cannot read the current language finds it.
    float r = l.bar_button.y * 0.28f;
    Box name{{language.min.x + r * 2.6f, language.min.y + t.mm(1)},
             {language.max.x - t.mm(3), language.max.y - t.mm(1)}};
    Box back{{l.top_bar.max.x - l.bar_button.x, y}, {l.top_bar.max.x, y + l.bar_button.y}};
    TopBarLayout bar;
    bar.language = {language, l.text("language-name", name)};
    bar.globe = {{language.min.x + r * 1.6f, language.center().y}, r};
    bar.back = l.button(back);
    return bar;
}

std::vector<Circle> progress_layout(const Layout& l, int steps) {
    const Box& bar = l.bottom_bar;
    float r = l.theme->mm(2.2f);
    float spacing = r * 4;
    float x = bar.center().x - spacing * static_cast<float>(steps - 1) / 2;
    std::vector<Circle> dots;
    for (int i = 0; i < steps; ++i)
        dots.push_back({{x + spacing * static_cast<float>(i), bar.center().y}, r});
    return dots;
}

// ---- welcome -------------------------------------------------------------------------------------

WelcomeLayout welcome_layout(const Layout& l, int strip_languages) {
    const Theme& t = *l.theme;
    WelcomeLayout w;
    w.whole = {{0, 0}, l.display};
    float top = l.content.min.y + l.content.height() * 0.12f;
    w.greeting = l.text("greeting", {{l.content.min.x, top}, {l.content.max.x, top + t.mm(44)}});
    float hint_top = w.greeting.box.max.y + t.gap();
    w.hint =
        l.text("message", {{l.content.min.x, hint_top}, {l.content.max.x, hint_top + message_height(t)}});
    w.greeting_area = {w.greeting.box.min, w.hint.box.max};

    // The strip: a few languages, then the globe for all of them; in two rows where one would make
    // the cells too narrow. 36 mm holds the longest name (Slovenščina, 26 mm at body size) and a
    // button's padding; a portrait panel has height to spare, so its cells keep 45 mm and the names
    // a larger size.
    int languages = std::clamp(strip_languages, 0, welcome_strip_max);
    int cells = languages + 1;
    float min_cell = l.landscape() ? t.mm(36) : t.mm(45);
    int fit = std::max(1, static_cast<int>((l.content.width() + t.gap()) / (min_cell + t.gap())));
    int rows = (cells + fit - 1) / fit;
    int columns = (cells + rows - 1) / rows;
    float bottom = l.content.max.y - t.mm(2);
    float strip_top =
        bottom - static_cast<float>(rows) * t.touch_target() - static_cast<float>(rows - 1) * t.gap();
    Box strip{{l.content.min.x, strip_top}, {l.content.max.x, bottom}};
    for (int i = 0; i < cells; ++i) {
        Box cell = centred_cell(l, strip, columns, rows, cells, i, t.gap());
        if (i < languages) {
            w.strip.push_back(l.button(cell, "language-name"));
        } else {
            w.globe_button = cell;
            w.globe = {cell.center(), cell.height() * 0.3f};
        }
    }

    // Five faces between the words and the strip: what the visit will ask, understood without reading.
    float r = t.mm(11);
    float faces_y = w.hint.box.max.y + (strip_top - w.hint.box.max.y) / 2;
    for (int i = 0; i < 5; ++i)
        w.faces[static_cast<std::size_t>(i)] = {
            {l.content.center().x + (static_cast<float>(i) - 2.0f) * r * 2.8f, faces_y}, r};
    return w;
}

// ---- service -------------------------------------------------------------------------------------

ServiceLayout service_layout(const Layout& l, int count) {
    const Theme& t = *l.theme;
    ServiceLayout s;
    s.title = l.text("title", title_box(l));
    if (count <= 0) return s;
    int columns = std::min(count, l.landscape() ? 4 : 2);
    int rows = (count + columns - 1) / columns;
    float tile_w =
        (l.content.width() - t.gap() * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float space = l.content.max.y - s.title.box.max.y - t.gap();
    float area_h = std::min(space, (tile_w * 0.85f + t.gap()) * static_cast<float>(rows) - t.gap());
    float top = s.title.box.max.y + t.gap() + (space - area_h) / 2;
    Box area{{l.content.min.x, top}, {l.content.max.x, top + area_h}};
    for (int i = 0; i < count; ++i) {
        Box tile = l.grid_cell(area, columns, rows, i, t.gap());
        float label_h = std::min(t.mm(18), tile.height() * 0.45f);
        Box picture{{tile.min.x, tile.min.y + t.mm(3)}, {tile.max.x, tile.max.y - label_h - t.mm(2)}};
        // 2 mm each side, not a button's 3: the words sit at the bottom, clear of the rounded corners,
        // and a long German compound fits four tiles a row on a 1024 px window.
        Box words{{tile.min.x + t.mm(2), tile.max.y - label_h - t.mm(2)},
                  {tile.max.x - t.mm(2), tile.max.y - t.mm(2)}};
        s.tiles.push_back({tile, picture, l.text("service", words)});
    }
    return s;
}

// ---- grade ---------------------------------------------------------------------------------------

GradeLayout grade_layout(const Layout& l) {
    const Theme& t = *l.theme;
    GradeLayout g;
    g.title = l.text("title", title_box(l));
    // One row of ten on a landscape panel, two rows of five on a portrait one.
    int columns = l.landscape() ? 10 : 5;
    int rows = 10 / columns;
    float key_h = std::max(t.touch_target(), t.mm(40));
    float block_h = key_h * static_cast<float>(rows) + t.mm(16);
    float top = std::max(g.title.box.max.y + t.mm(6), l.content.center().y - block_h / 2);
    Box keys{
        {l.content.min.x, top},
        {l.content.max.x, top + key_h * static_cast<float>(rows) + t.gap() * static_cast<float>(rows - 1)}};
    for (int i = 0; i < 10; ++i) {
        Box key = l.grid_cell(keys, columns, rows, i, t.gap());
        // The digits are no translation: no role, but the sizes of a greeting.
        g.keys[static_cast<std::size_t>(i)] = {key,
                                               {"", l.label_area(key), {FontSize::huge, FontSize::title}}};
    }
    float label_w = l.content.width() / 3;
    float label_top = keys.max.y + t.mm(3);
    g.low = l.text("grade-label", {{keys.min.x, label_top}, {keys.min.x + label_w, label_top + t.mm(12)}});
    g.high = l.text("grade-label", {{keys.max.x - label_w, label_top}, {keys.max.x, label_top + t.mm(12)}});
    return g;
}

// ---- norm ----------------------------------------------------------------------------------------

NormLayout norm_layout(const Layout& l) {
    const Theme& t = *l.theme;
    NormLayout n;
    n.title = l.text("norm-title", {l.content.min, {l.content.max.x, l.content.min.y + t.mm(12)}});
    n.question = l.text("norm-question", {{l.content.min.x, n.title.box.max.y},
                                          {l.content.max.x, n.title.box.max.y + t.mm(36)}});
    float na_h = t.touch_target();
    float label_h = t.mm(20);
    float cell_w = (l.content.width() - 4 * t.gap()) / 5;
    float space_top = n.question.box.max.y + t.mm(4);
    float space_bottom = l.content.max.y - na_h - t.mm(6);
    float row_h = std::min(space_bottom - space_top, cell_w * 0.62f + label_h + t.mm(10));
    float row_top = space_top + (space_bottom - space_top - row_h) / 2;
    Box row{{l.content.min.x, row_top}, {l.content.max.x, row_top + row_h}};
    for (int i = 0; i < 5; ++i) {
        Box cell = l.grid_cell(row, 5, 1, i, t.gap());
        float radius = std::min(cell.width() * 0.3f, (cell.height() - label_h - t.mm(8)) / 2);
        ImVec2 centre{cell.center().x, cell.min.y + t.mm(4) + (cell.height() - label_h - t.mm(6)) / 2};
        Box label{{cell.min.x + t.mm(1), cell.max.y - label_h - t.mm(2)},
                  {cell.max.x - t.mm(1), cell.max.y - t.mm(2)}};
        n.faces[static_cast<std::size_t>(i)] = {cell, {centre, radius}, l.text("face", label)};
    }
    float na_w = l.bar_button.x * 1.4f;
    float na_top = l.content.max.y - na_h;
    n.not_applicable = l.button(
        {{l.content.center().x - na_w / 2, na_top}, {l.content.center().x + na_w / 2, na_top + na_h}});
    return n;
}

// ---- thanks --------------------------------------------------------------------------------------

ThanksLayout thanks_layout(const Layout& l) {
    const Theme& t = *l.theme;
    ThanksLayout th;
    th.title = l.text("title", title_box(l));
    float top = th.title.box.max.y + t.gap();
    float bottom = l.content.max.y - t.touch_target() - t.mm(6);
    // Landscape: the words left, the code right. Portrait: the words across, the code under them,
    // rather than a narrow column of small print above an empty half screen.
    Box words{{l.content.min.x, top},
              {l.landscape() ? l.content.center().x - t.gap() : l.content.max.x, bottom}};
    float h = message_height(t);
    th.saved = l.text("message", {words.min, {words.max.x, words.min.y + h}});
    th.scan = l.text("message", {{words.min.x, th.saved.box.max.y + t.gap()},
                                 {words.max.x, th.saved.box.max.y + t.gap() + h}});
    th.reference = l.text("message", {{words.min.x, th.scan.box.max.y + t.gap()},
                                      {words.max.x, th.scan.box.max.y + t.gap() + h}});
    Box code = l.landscape()
                   ? Box{{l.content.center().x + t.gap(), top}, {l.content.max.x, bottom}}
                   : Box{{l.content.min.x, th.reference.box.max.y + t.gap() * 2}, {l.content.max.x, bottom}};
    float side = std::min({code.width(), code.height(), t.mm(85)});
    th.qr = {{code.center().x - side / 2, code.min.y}, {code.center().x + side / 2, code.min.y + side}};
    float w = l.bar_button.x;
    float done_top = bottom + t.mm(6);
    th.done = l.button({{l.content.center().x - w / 2, done_top},
                        {l.content.center().x + w / 2, done_top + t.touch_target()}});
    return th;
}

// ---- out of order --------------------------------------------------------------------------------

OutOfOrderLayout out_of_order_layout(const Layout& l) {
    const Theme& t = *l.theme;
    OutOfOrderLayout o;
    float middle = l.content.center().y;
    o.title = l.text("title", {{l.content.min.x, middle - title_height(t)}, {l.content.max.x, middle}});
    // Half the width on a landscape panel, as the Thanks screen's words; across a portrait one.
    float w = l.landscape() ? l.content.width() / 2 - t.gap() : l.content.width();
    float top = middle + t.gap();
    o.message = l.text("message", {{l.content.center().x - w / 2, top},
                                   {l.content.center().x + w / 2, top + message_height(t)}});
    return o;
}

// ---- language picker -----------------------------------------------------------------------------

LanguagePickerLayout language_picker_layout(const Layout& l, int count) {
    const Theme& t = *l.theme;
    LanguagePickerLayout p;
    p.whole = {{0, 0}, l.display};
    float y = l.top_bar.min.y + (l.top_bar.height() - l.bar_button.y) / 2;
    p.close = l.button({{l.top_bar.max.x - l.bar_button.x, y}, {l.top_bar.max.x, y + l.bar_button.y}});
    p.title = l.text("title", title_box(l));
    if (count <= 0) return p;

    Box area{{l.content.min.x, p.title.box.max.y}, l.content.max};
    // As many columns as cells of 95 mm fit; more where the rows would not fit the height even at
    // the smallest touch target.
    int columns = std::clamp(static_cast<int>(l.content.width() / t.mm(95)), 2, 5);
    auto rows_of = [&](int c) { return (count + c - 1) / c; };
    auto height_of = [&](int rows, float cell_h) {
        return static_cast<float>(rows) * (cell_h + t.gap()) - t.gap();
    };
    while (columns < count && height_of(rows_of(columns), t.touch_target()) > area.height()) ++columns;
    int rows = rows_of(columns);
    float cell_h = std::max(
        t.touch_target(),
        std::min(t.touch_target() + t.mm(3), (area.height() + t.gap()) / static_cast<float>(rows) - t.gap()));
    area.max.y = area.min.y + height_of(rows, cell_h);
    for (int i = 0; i < count; ++i)
        p.languages.push_back(l.button(l.grid_cell(area, columns, rows, i, t.gap()), "language-name"));
    return p;
}

// ---- still there ---------------------------------------------------------------------------------

StillThereLayout still_there_layout(const Layout& l) {
    const Theme& t = *l.theme;
    StillThereLayout s;
    s.whole = {{0, 0}, l.display};
    float pad = t.mm(8);
    float w = std::min(l.content.width(), t.mm(260));
    float h = pad + title_height(t) + message_height(t) + t.mm(25) + t.touch_target() + pad;
    ImVec2 c{l.display.x / 2, l.display.y / 2};
    s.card = {{c.x - w / 2, c.y - h / 2}, {c.x + w / 2, c.y + h / 2}};
    Box inner = s.card.inset(pad, pad);
    s.title = l.text("title", {inner.min, {inner.max.x, inner.min.y + title_height(t)}});
    s.message = l.text(
        "message", {{inner.min.x, s.title.box.max.y}, {inner.max.x, s.title.box.max.y + message_height(t)}});
    float bw = l.bar_button.x * 1.3f;
    s.still_here = l.button({{c.x - bw / 2, inner.max.y - t.touch_target()}, {c.x + bw / 2, inner.max.y}});
    return s;
}

// ---- every text box ------------------------------------------------------------------------------

std::vector<PlacedText> all_text_boxes(const Layout& l, int languages) {
    std::vector<PlacedText> all;
    auto add = [&](std::string where, const TextBox& text) { all.push_back({std::move(where), text}); };

    TopBarLayout bar = top_bar_layout(l);
    add("top bar language", bar.language.label);
    add("top bar back", bar.back.label);

    for (int n = 0; n <= welcome_strip_max; ++n) {
        WelcomeLayout w = welcome_layout(l, n);
        add("welcome greeting", w.greeting);
        add("welcome hint", w.hint);
        for (std::size_t i = 0; i < w.strip.size(); ++i)
            add("welcome strip of " + std::to_string(n) + ", language " + std::to_string(i + 1),
                w.strip[i].label);
    }

    int services = static_cast<int>(life_events().size());
    for (int n = 1; n <= services; ++n) {
        ServiceLayout s = service_layout(l, n);
        add("service title", s.title);
        for (std::size_t i = 0; i < s.tiles.size(); ++i)
            add(std::to_string(n) + " services, tile " + std::to_string(i + 1), s.tiles[i].label);
    }

    GradeLayout g = grade_layout(l);
    add("grade title", g.title);
    add("grade low", g.low);
    add("grade high", g.high);

    NormLayout n = norm_layout(l);
    add("norm title", n.title);
    add("norm question", n.question);
    for (std::size_t i = 0; i < n.faces.size(); ++i)
        add("norm face " + std::to_string(i + 1), n.faces[i].label);
    add("norm not-applicable", n.not_applicable.label);

    ThanksLayout th = thanks_layout(l);
    add("thanks title", th.title);
    add("thanks saved", th.saved);
    add("thanks scan", th.scan);
    add("thanks reference", th.reference);
    add("thanks done", th.done.label);

    OutOfOrderLayout o = out_of_order_layout(l);
    add("out-of-order title", o.title);
    add("out-of-order message", o.message);

    for (int count = 1; count <= languages; ++count) {
        LanguagePickerLayout p = language_picker_layout(l, count);
        add("language picker title", p.title);
        add("language picker close", p.close.label);
        for (std::size_t i = 0; i < p.languages.size(); ++i)
            add("language picker of " + std::to_string(count) + ", cell " + std::to_string(i + 1),
                p.languages[i].label);
    }

    StillThereLayout s = still_there_layout(l);
    add("still-there title", s.title);
    add("still-there message", s.message);
    add("still-there button", s.still_here.label);
    return all;
}

}  // namespace kiosk::ui
