// Catalogues: languages found from the folder, endonyms, plural rules, placeholders filled.
#include "catalogues.hpp"

#include <catch2/catch.hpp>

#include "test_paths.hpp"

using namespace kiosk;

TEST_CASE("every compiled catalogue is found, each with its own endonym") {
    Catalogues c(test_locale_dir());
    REQUIRE(c.has("en"));
    REQUIRE(c.has("nl"));
    CHECK(c.endonym("nl") == "Nederlands");
    CHECK(c.endonym("en") == "English");
    for (const auto& lang : c.languages()) {
        INFO(lang);
        CHECK(c.endonym(lang) != (lang == "en" ? "" : "English"));
        CHECK_FALSE(c.right_to_left(lang));
    }
}

TEST_CASE("translations come from the catalogue, with the language's plural forms") {
    Catalogues c(test_locale_dir());
    CHECK(c.translate("nl", "greeting", "Continue in English") == "Verder in het Nederlands");
    CHECK(fill(c.translate_plural("nl", "message", "We will start again in {1} second.",
                                  "We will start again in {1} seconds.", 1),
               {"1"}) == "We beginnen opnieuw over 1 seconde.");
    CHECK(fill(c.translate_plural("nl", "message", "We will start again in {1} second.",
                                  "We will start again in {1} seconds.", 5),
               {"5"}) == "We beginnen opnieuw over 5 seconden.");
    if (c.has("pl")) {  // Polish has three forms: 1, 2-4, 5+
        auto pl = [&](long n) {
            return c.translate_plural("pl", "message", "We will start again in {1} second.",
                                      "We will start again in {1} seconds.", n);
        };
        CHECK(pl(2) != pl(5));
        CHECK(pl(2) == pl(3));
        CHECK(pl(5) == pl(11));
    }
}

TEST_CASE("a .mo file is read entry by entry, with context and plural forms") {
    Catalogues c(test_locale_dir());
    auto entries = read_mo_file(c.mo_path("nl"));
    bool plural_seen = false;
    for (const auto& e : entries) {
        CHECK_FALSE(e.context.empty());
        if (!e.msgid_plural.empty()) {
            plural_seen = true;
            CHECK(e.translations.size() == 2);
        }
    }
    CHECK(plural_seen);
    CHECK_THROWS_WITH(read_mo_file("/nonexistent.mo"), Catch::Contains("/nonexistent.mo"));
}

TEST_CASE("placeholders are filled wherever the translation put them") {
    CHECK(fill("{2} and {1}, {1}", {"a", "b"}) == "b and a, a");
    CHECK(fill("no marks", {"a"}) == "no marks");
}
