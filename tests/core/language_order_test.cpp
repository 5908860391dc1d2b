// The order languages are offered in: the counter's first, then the rest by their own names.
#include "language_order.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "catalogues.hpp"
#include "test_paths.hpp"

using namespace kiosk;

TEST_CASE("the grid lists the counter's languages first, then the others by their own names") {
    Catalogues catalogues(test_locale_dir());
    std::vector<std::string> enabled = {"nl", "en", "bg", "cs", "da", "de", "el", "es",
                                        "et", "fi", "fr", "ga", "hu", "it", "lt", "lv",
                                        "mt", "pl", "pt", "ro", "sk", "sl", "sv"};
    auto endonym = [&](const std::string& code) { return catalogues.endonym(code); };
    std::vector<std::string> order = grid_order(enabled, "nl", {"en", "pl", "nl"}, endonym);
    std::vector<std::string> names;
    for (const auto& code : order) names.push_back(endonym(code));
    CHECK(names == std::vector<std::string>{
                       "Nederlands", "English",  "Polski",  // the default, then the counter's, as configured
                       "Čeština",    "Dansk",    "Deutsch",    "Eesti",       "Español", "Français",
                       "Gaeilge",    "Italiano", "Latviešu",   "Lietuvių",    "Magyar",  "Malti",
                       "Português",  "Română",   "Slovenčina", "Slovenščina", "Suomi",   "Svenska",
                       "Ελληνικά",  // Greek after Latin, Cyrillic after Greek
                       "Български"});
}

TEST_CASE("the strip is the default language then the counter's, each once") {
    CHECK(strip_order("nl", {"en", "nl", "de"}) == std::vector<std::string>{"nl", "en", "de"});
    CHECK(strip_order("nl", {}) == std::vector<std::string>{"nl"});
}

TEST_CASE("a counter language that is not enabled is left out of the grid") {
    std::map<std::string, std::string> names = {{"nl", "Nederlands"}, {"en", "English"}};
    auto endonym = [&](const std::string& code) { return names[code]; };
    CHECK(grid_order({"nl", "en"}, "nl", {"de"}, endonym) == std::vector<std::string>{"nl", "en"});
}
