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

// ---- bar and progress ----------------------------------------------------------------------------

BarLayout bar_layout(const Layout& l) {
    const Theme& t = *l.theme;
    const Box& bar = l.bar;
    float w = l.bar_button.x;
    BarLayout b;
    b.language = l.globe_button({bar.min, {bar.min.x + w, bar.max.y}}, "language-name");
    b.stop = l.button({{bar.max.x - w, bar.min.y}, bar.max});
    b.back = l.button({{bar.max.x - 2 * w - t.gap(), bar.min.y}, {bar.max.x - w - t.gap(), bar.max.y}});
    return b;
}

ProgressLayout progress_layout(const Layout& l) {
    const Theme& t = *l.theme;
    const Box& p = l.progress;
    float w = std::min(p.width(), t.mm(160));
    ProgressLayout out;
    out.words =
        l.text("progress", {{p.center().x - w / 2, p.min.y}, {p.center().x + w / 2, p.min.y + t.mm(12)}});
    out.track = {{p.center().x - w / 2, p.max.y - t.mm(4)}, {p.center().x + w / 2, p.max.y - t.mm(1)}};
    return out;
}

// ---- the grade keys ------------------------------------------------------------------------------
namespace {

// The question, the keys and what their ends mean, as one block centred in `area`.
GradeKeys grade_keys(const Layout& l, const Box& area) {
    const Theme& t = *l.theme;
    // One row of ten on a landscape panel, two rows of five on a portrait one.
    int columns = l.landscape() ? 10 : 5;
    int rows = 10 / columns;
    float key_h = std::max(t.touch_target(), t.mm(40));
    float keys_h = key_h * static_cast<float>(rows) + t.gap() * static_cast<float>(rows - 1);
    float ends_h = t.mm(12);
    float block_h = title_height(t) + t.mm(4) + keys_h + t.mm(2) + ends_h;
    // A little above the middle, where the eye lands first.
    float top = area.min.y + std::max(0.0f, (area.height() - block_h) * 0.4f);
    GradeKeys g;
    g.title = l.text("title", {{area.min.x, top}, {area.max.x, top + title_height(t)}});
    Box keys{{area.min.x, g.title.box.max.y + t.mm(4)}, {area.max.x, g.title.box.max.y + t.mm(4) + keys_h}};
    for (int i = 0; i < 10; ++i) {
        Box key = l.grid_cell(keys, columns, rows, i, t.gap());
        // The digits are no translation: no role, but the sizes of a greeting.
        g.keys[static_cast<std::size_t>(i)] = {key,
                                               {"", l.label_area(key), {FontSize::huge, FontSize::title}}};
    }
    // Each end's meaning right under its key, after a small face that says it without words.
    float r = t.mm(4.5f);
    float y = keys.max.y + t.mm(2);
    float label_w = keys.width() / 3;
    g.low_face = {{keys.min.x + r, y + ends_h / 2}, r};
    g.high_face = {{keys.max.x - r, y + ends_h / 2}, r};
    float inset = 2 * r + t.mm(2);
    g.low = l.text("grade-label", {{keys.min.x + inset, y}, {keys.min.x + label_w, y + ends_h}});
    g.high = l.text("grade-label", {{keys.max.x - label_w, y}, {keys.max.x - inset, y + ends_h}});
    return g;
}

}  // namespace

GradeKeys grade_layout(const Layout& l) { return grade_keys(l, l.content); }

// ---- welcome -------------------------------------------------------------------------------------

WelcomeLayout welcome_layout(const Layout& l, int strip_languages) {
    const Theme& t = *l.theme;
    WelcomeLayout w;
    // No bars on Welcome: it has the whole screen.
    Box area{{l.content.min.x, t.mm(6)}, {l.content.max.x, l.bar.max.y}};

    // The strip: the counter's languages, in two rows where one would make the cells too narrow.
    // 36 mm holds the longest name (Slovenščina, 26 mm at body size) and a button's padding; a
    // portrait panel has height to spare, so its cells keep 45 mm and the names a larger size.
    int cells = std::clamp(strip_languages, 0, welcome_strip_max);
    float cell_h = t.bar_button_height();
    float min_cell = l.landscape() ? t.mm(36) : t.mm(45);
    int fit = std::max(1, static_cast<int>((area.width() + t.gap()) / (min_cell + t.gap())));
    int rows = cells == 0 ? 0 : (cells + fit - 1) / fit;
    int columns = rows == 0 ? 1 : (cells + rows - 1) / rows;
    float strip_top = area.max.y - static_cast<float>(rows) * (cell_h + t.gap()) + t.gap();
    Box strip{{area.min.x, strip_top}, area.max};
    for (int i = 0; i < cells; ++i)
        w.strip.push_back(
            l.button(centred_cell(l, strip, columns, rows, cells, i, t.gap()), "language-name"));

    // Above it: "Continue in …" (a button for the language it is written in) and "All languages".
    float row_h = t.mm(22);
    float row_bottom = rows == 0 ? area.max.y : strip_top - t.gap();
    Box row{{area.min.x, row_bottom - row_h}, {area.max.x, row_bottom}};
    float half = (row.width() - t.gap()) / 2;
    w.other = l.button({row.min, {row.min.x + half, row.max.y}}, "greeting");
    w.all_languages = l.globe_button({{row.max.x - half, row.min.y}, row.max}, "button");

    w.grade = grade_keys(l, {area.min, {area.max.x, row.min.y - t.gap()}});
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

// ---- norm ----------------------------------------------------------------------------------------

NormLayout norm_layout(const Layout& l) {
    const Theme& t = *l.theme;
    NormLayout n;
    // One block, centred: the norm's name, the question right above its faces, "does not apply"
    // right under them, so the eye goes from question to answer without a gap to cross.
    float title_h = t.mm(12), question_h = t.mm(30), na_h = t.touch_target();
    float label_h = t.mm(20);
    float cell_w = (l.content.width() - 4 * t.gap()) / 5;
    float fixed = title_h + question_h + t.mm(3) + t.mm(4) + na_h;
    float row_h = std::min(l.content.height() - fixed, cell_w * 0.62f + label_h + t.mm(10));
    float top = l.content.min.y + (l.content.height() - fixed - row_h) / 2;
    n.title = l.text("norm-title", {{l.content.min.x, top}, {l.content.max.x, top + title_h}});
    n.question = l.text("norm-question", {{l.content.min.x, n.title.box.max.y},
                                          {l.content.max.x, n.title.box.max.y + question_h}});
    float row_top = n.question.box.max.y + t.mm(3);
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
    float na_top = row.max.y + t.mm(4);
    n.not_applicable = l.button(
        {{l.content.center().x - na_w / 2, na_top}, {l.content.center().x + na_w / 2, na_top + na_h}});
    return n;
}

// ---- thanks --------------------------------------------------------------------------------------

ThanksLayout thanks_layout(const Layout& l) {
    const Theme& t = *l.theme;
    ThanksLayout th;
    // No bars: the card stands in the middle of the whole screen.
    Box area{{l.content.min.x, t.mm(8)}, {l.content.max.x, l.display.y - t.mm(8)}};
    float pad = t.mm(8), title_h = title_height(t), saved_h = message_height(t);
    float done_h = t.bar_button_height();
    float fixed = pad + title_h + saved_h + t.mm(6) + t.mm(8) + done_h + pad;
    float side = std::min(t.mm(70), area.height() - fixed);
    float w = std::min(area.width(), t.mm(330));
    float h = fixed + side;
    ImVec2 c = area.center();
    th.card = {{c.x - w / 2, c.y - h / 2}, {c.x + w / 2, c.y + h / 2}};
    Box inner = th.card.inset(pad, pad);
    th.title = l.text("title", {inner.min, {inner.max.x, inner.min.y + title_h}});
    th.saved =
        l.text("message", {{inner.min.x, th.title.box.max.y}, {inner.max.x, th.title.box.max.y + saved_h}});

    // The code, and beside it what it is for: a phone, the words, an address to type, the counter.
    float row_top = th.saved.box.max.y + t.mm(6);
    th.qr = {{inner.min.x, row_top}, {inner.min.x + side, row_top + side}};
    float x = th.qr.max.x + t.mm(8);
    float phone_w = t.mm(14);
    float scan_h = t.mm(26), line_h = t.mm(12);
    float column_h = scan_h + t.mm(4) + line_h + t.mm(2) + line_h;
    float y = row_top + std::max(0.0f, (side - column_h) / 2);
    th.phone = {{x, y + t.mm(2)}, {x + phone_w, y + scan_h - t.mm(2)}};
    th.scan = l.text("message", {{x + phone_w + t.mm(4), y}, {inner.max.x, y + scan_h}});
    // One column of words, right of the phone.
    float words_x = x + phone_w + t.mm(4);
    th.address =
        l.text("aside", {{words_x, y + scan_h + t.mm(4)}, {inner.max.x, y + scan_h + t.mm(4) + line_h}});
    th.counter = l.text("aside", {{words_x, th.address.box.max.y + t.mm(2)},
                                  {inner.max.x, th.address.box.max.y + t.mm(2) + line_h}});

    float bw = l.bar_button.x;
    th.done = l.button({{c.x - bw / 2, inner.max.y - done_h}, {c.x + bw / 2, inner.max.y}});
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
    p.close = bar_layout(l).stop;
    p.title = l.text("title", {{l.content.min.x, l.progress.min.y},
                               {l.content.max.x, l.progress.min.y + title_height(t)}});
    if (count <= 0) return p;

    // The grid fills the screen between the title and the bar: as many columns as cells of 95 mm fit,
    // more where the rows would not fit the height even at the smallest touch target.
    Box area{{l.content.min.x, p.title.box.max.y}, l.content.max};
    int columns = std::clamp(static_cast<int>(l.content.width() / t.mm(95)), 2, 5);
    auto rows_of = [&](int c) { return (count + c - 1) / c; };
    auto height_of = [&](int rows, float cell_h) {
        return static_cast<float>(rows) * (cell_h + t.gap()) - t.gap();
    };
    while (columns < count && height_of(rows_of(columns), t.touch_target()) > area.height()) ++columns;
    int rows = rows_of(columns);
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
    float h = pad + title_height(t) + message_height(t) + t.mm(25) + t.bar_button_height() + pad;
    ImVec2 c{l.display.x / 2, l.display.y / 2};
    s.card = {{c.x - w / 2, c.y - h / 2}, {c.x + w / 2, c.y + h / 2}};
    Box inner = s.card.inset(pad, pad);
    s.title = l.text("title", {inner.min, {inner.max.x, inner.min.y + title_height(t)}});
    s.message = l.text(
        "message", {{inner.min.x, s.title.box.max.y}, {inner.max.x, s.title.box.max.y + message_height(t)}});
    float bw = (inner.width() - t.gap()) / 2;
    float top = inner.max.y - t.bar_button_height();
    s.start_over = l.button({{inner.min.x, top}, {inner.min.x + bw, inner.max.y}});
    s.still_here = l.button({{inner.max.x - bw, top}, inner.max});
    return s;
}

// ---- every text box ------------------------------------------------------------------------------

std::vector<PlacedText> all_text_boxes(const Layout& l, int languages) {
    std::vector<PlacedText> all;
    auto add = [&](std::string where, const TextBox& text) { all.push_back({std::move(where), text}); };

    BarLayout bar = bar_layout(l);
    add("bar language", bar.language.label);
    add("bar back", bar.back.label);
    add("bar stop", bar.stop.label);
    add("progress", progress_layout(l).words);

    auto add_grade = [&](const std::string& where, const GradeKeys& g) {
        add(where + " title", g.title);
        add(where + " low", g.low);
        add(where + " high", g.high);
    };
    for (int n = 0; n <= welcome_strip_max; ++n) {
        WelcomeLayout w = welcome_layout(l, n);
        std::string where = "welcome with " + std::to_string(n) + " in the strip";
        add_grade(where, w.grade);
        add(where + ", continue in", w.other.label);
        add(where + ", all languages", w.all_languages.label);
        for (std::size_t i = 0; i < w.strip.size(); ++i)
            add(where + ", language " + std::to_string(i + 1), w.strip[i].label);
    }

    int services = static_cast<int>(life_events().size());
    for (int n = 1; n <= services; ++n) {
        ServiceLayout s = service_layout(l, n);
        add("service title", s.title);
        for (std::size_t i = 0; i < s.tiles.size(); ++i)
            add(std::to_string(n) + " services, tile " + std::to_string(i + 1), s.tiles[i].label);
    }

    add_grade("grade", grade_layout(l));

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
    add("thanks address", th.address);
    add("thanks counter", th.counter);
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
    add("still-there continue", s.still_here.label);
    add("still-there start over", s.start_over.label);
    return all;
}

}  // namespace kiosk::ui
