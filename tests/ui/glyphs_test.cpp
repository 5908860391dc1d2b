// The font atlas holds every character the kiosk draws — catalogue texts and the numbers and dates that
// ICU writes for each enabled language — and keeps doing so when it is rebuilt at a larger text scale.
#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "../core/temp_dir.hpp"
#include "catalogues.hpp"
#include "config.hpp"
#include "fixtures.hpp"
#include "fonts.hpp"
#include "locale_format.hpp"

using namespace kiosk;
using namespace kiosk::ui;

namespace {

std::int64_t utc_noon_ms(int year, int month, int day) {
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = 12;
    return static_cast<std::int64_t>(timegm(&t)) * 1000;
}

struct Sample {
    std::string language, text;
};

// What a manager view shows: averages, counts, signed differences, and a date in every month. Chosen
// here rather than taken from the glyph gatherer, so the test does not merely repeat it.
std::vector<Sample> formatted_samples(const Catalogues& catalogues, const KioskConfig& config) {
    std::vector<Sample> samples;
    for (const auto& lang : config.languages) {
        for (double value : {7.44, -0.3, 1234.5, 98765432.1, -12345.0})
            for (int decimals : {0, 1, 2})
                samples.push_back({lang, format_number(catalogues, lang, value, decimals)});
        for (int month = 1; month <= 12; ++month)
            for (int day : {1, 9, 28})
                samples.push_back(
                    {lang, format_date(catalogues, lang, utc_noon_ms(2026, month, day), "Europe/Brussels")});
    }
    return samples;
}

// The characters of `text` that some size of `fonts` has no glyph for.
std::set<unsigned> missing_glyphs(const Fonts& fonts, const std::string& text) {
    std::set<unsigned> missing;
    for (const char* p = text.c_str(); *p;) {
        unsigned c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        for (ImFont* font : fonts.sizes)
            if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing.insert(c);
    }
    return missing;
}

std::string code_points(const std::set<unsigned>& cs) {
    std::ostringstream out;
    for (unsigned c : cs) out << " U+" << std::hex << std::uppercase << c;
    return out.str();
}

int count_missing(const Fonts& fonts, const std::vector<Sample>& samples) {
    int failures = 0;
    for (const auto& sample : samples) {
        std::set<unsigned> missing = missing_glyphs(fonts, sample.text);
        if (missing.empty()) continue;
        ++failures;
        FAIL_CHECK(sample.language << " \"" << sample.text << "\": no glyph for" << code_points(missing));
    }
    return failures;
}

// Sets $KIOSK_FONT_DIR for the length of a test.
struct FontDirectory {
    std::optional<std::string> old;
    explicit FontDirectory(const std::string& dir) {
        if (const char* value = std::getenv("KIOSK_FONT_DIR")) old = value;
        setenv("KIOSK_FONT_DIR", dir.c_str(), 1);
    }
    ~FontDirectory() {
        if (old)
            setenv("KIOSK_FONT_DIR", old->c_str(), 1);
        else
            unsetenv("KIOSK_FONT_DIR");
    }
};

// The RGBA pixels the renderer would upload; empty when the atlas cannot give them.
struct TexturePixels {
    unsigned char* rgba = nullptr;
    int width = 0, height = 0;
};
TexturePixels texture_pixels(ImFontAtlas& atlas) {
    TexturePixels t;
    atlas.GetTexDataAsRGBA32(&t.rgba, &t.width, &t.height);
    return t;
}

// The glyph's rectangle in the texture holds ink: the pixels are the rasterised glyphs, not blank.
int ink_of(const TexturePixels& t, const ImFontGlyph& g) {
    int ink = 0;
    for (int y = static_cast<int>(g.V0 * t.height); y < static_cast<int>(g.V1 * t.height); ++y)
        for (int x = static_cast<int>(g.U0 * t.width); x < static_cast<int>(g.U1 * t.width); ++x)
            ink += t.rgba[(static_cast<std::size_t>(y) * t.width + x) * 4 + 3] > 128;
    return ink;
}

}  // namespace

TEST_CASE("every character of the numbers and dates of every enabled language has a glyph at every size") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    REQUIRE(config.languages.size() >= 23);
    Atlas a;
    REQUIRE(
        build_fonts(a.atlas(), Theme{}, gather_glyph_text(catalogues, config), a.fonts, a.figures).empty());
    std::vector<Sample> samples = formatted_samples(catalogues, config);
    CHECK(samples.size() > 1000);
    CHECK(count_missing(a.fonts, samples) == 0);
}

TEST_CASE("fonts rebuilt at text scale 1.5 are larger, hold every glyph, and give a valid texture") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    std::string glyphs = gather_glyph_text(catalogues, config);
    Atlas a;
    Theme theme;
    REQUIRE(build_fonts(a.atlas(), theme, glyphs, a.fonts, a.figures).empty());
    float before[font_size_count];
    for (int i = 0; i < font_size_count; ++i) before[i] = a.fonts.sizes[i]->FontSize;
    AtlasFigures first = a.figures;
    a.atlas().ClearTexData();  // as the app does once the renderer has its first texture

    theme.text_scale = 1.5f;
    REQUIRE(build_fonts(a.atlas(), theme, glyphs, a.fonts, a.figures).empty());
    REQUIRE(a.atlas().Fonts.Size == font_size_count);
    for (int i = 0; i < font_size_count; ++i) {
        CHECK(a.fonts.sizes[i]->FontSize == Approx(before[i] * 1.5f));
        CHECK(a.fonts.sizes[i]->FontSize == Approx(theme.font_px(static_cast<FontSize>(i))));
    }
    CHECK(a.figures.glyphs == first.glyphs);
    CHECK(a.figures.width * a.figures.height > first.width * first.height);
    CHECK(count_missing(a.fonts, {{"all", glyphs}}) == 0);
    CHECK(count_missing(a.fonts, formatted_samples(catalogues, config)) == 0);

    TexturePixels t = texture_pixels(a.atlas());
    REQUIRE(t.rgba != nullptr);
    CHECK(t.width == a.figures.width);
    CHECK(t.height == a.figures.height);
    CHECK(a.atlas().IsBuilt());
    for (ImFont* font : a.fonts.sizes) {
        CHECK(font->IsLoaded());
        for (ImWchar c : {ImWchar('W'), ImWchar(0x0411), ImWchar(0x03A6), ImWchar(0x2212)}) {  // W Б Φ −
            const ImFontGlyph* g = font->FindGlyphNoFallback(c);
            REQUIRE(g != nullptr);
            CHECK(g->U1 <= 1.0f);
            CHECK(g->V1 <= 1.0f);
            CHECK(ink_of(t, *g) > 0);
        }
    }
    WARN("atlas at text scale 1: " << first.width << "x" << first.height << "; at 1.5: " << a.figures.width
                                   << "x" << a.figures.height << "; " << a.figures.glyphs << " code points");
}

TEST_CASE("a reload after ClearTexData remakes the rebuilt atlas from the inputs it kept") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Atlas a;
    Theme theme;
    REQUIRE(build_fonts(a.atlas(), theme, "0123456789", a.fonts, a.figures).empty());
    // A rebuild with other characters replaces the glyph ranges and font data the atlas points into.
    REQUIRE(build_fonts(a.atlas(), theme, gather_glyph_text(catalogues, config), a.fonts, a.figures).empty());
    int glyphs = a.fonts.get(FontSize::body)->Glyphs.Size;
    a.atlas().ClearTexData();
    TexturePixels t = texture_pixels(a.atlas());  // what a renderer's reload does: the atlas builds again
    REQUIRE(t.rgba != nullptr);
    CHECK(t.width == a.figures.width);
    CHECK(t.height == a.figures.height);
    CHECK(a.fonts.get(FontSize::body)->Glyphs.Size == glyphs);
    CHECK(count_missing(a.fonts, formatted_samples(catalogues, config)) == 0);
}

TEST_CASE("a rebuild that cannot read the fonts is refused and leaves the old atlas whole") {
    Atlas a;
    Theme theme;
    REQUIRE(build_fonts(a.atlas(), theme, "Ab\u2212", a.fonts, a.figures).empty());
    Fonts old = a.fonts;
    a.atlas().ClearTexData();  // the refused rebuild must not have taken the inputs the atlas builds from
    TempDir dir;
    auto refused = [&](const std::string& expected) {
        FontDirectory fonts(dir.path.string());
        theme.text_scale = 1.5f;
        std::string error = build_fonts(a.atlas(), theme, "Ab\u2212", a.fonts, a.figures);
        CHECK_THAT(error, Catch::Contains(expected));
        for (int i = 0; i < font_size_count; ++i) {
            CHECK(a.fonts.sizes[i] == old.sizes[i]);
            CHECK(a.fonts.sizes[i]->FindGlyphNoFallback('b') != nullptr);
        }
        CHECK(texture_pixels(a.atlas()).rgba != nullptr);
    };
    auto copy_font = [&](const std::string& name) {
        std::filesystem::copy_file(font_directory() + "/" + name, dir.file(name));
    };
    SECTION("no font files") { refused("NotoSans-Regular.ttf is missing"); }
    SECTION("a damaged font file beside good ones") {
        copy_font("NotoSans-Bold.ttf");
        copy_font("NotoSansMath-Regular.ttf");
        std::ofstream(dir.file("NotoSans-Regular.ttf")) << "not a font";
        refused("NotoSans-Regular.ttf is not a font");
    }
    SECTION("the fallback font missing") {
        copy_font("NotoSans-Regular.ttf");
        copy_font("NotoSans-Bold.ttf");
        refused("NotoSansMath-Regular.ttf is missing");
    }
}
