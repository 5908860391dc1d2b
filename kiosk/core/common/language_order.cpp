#include "language_order.hpp"

#include <algorithm>
#include <boost/locale.hpp>

namespace kiosk {

std::vector<std::string> strip_order(const std::string& default_language,
                                     const std::vector<std::string>& at_counter) {
    std::vector<std::string> strip{default_language};
    for (const auto& code : at_counter)
        if (code != default_language) strip.push_back(code);
    return strip;
}

std::vector<std::string> grid_order(const std::vector<std::string>& enabled,
                                    const std::string& default_language,
                                    const std::vector<std::string>& at_counter,
                                    const std::function<std::string(const std::string&)>& endonym) {
    std::vector<std::string> first = strip_order(default_language, at_counter);
    std::vector<std::string> rest;
    for (const auto& code : enabled)
        if (std::find(first.begin(), first.end(), code) == first.end()) rest.push_back(code);
    // ICU's root collation through Boost.Locale; any locale name gives it for names in other scripts.
    std::locale locale = boost::locale::generator{}("en_US.UTF-8");
    const auto& collator = std::use_facet<boost::locale::collator<char>>(locale);
    std::stable_sort(rest.begin(), rest.end(), [&](const std::string& a, const std::string& b) {
        return collator.compare(boost::locale::collator_base::secondary, endonym(a), endonym(b)) < 0;
    });
    std::vector<std::string> order;
    for (const auto& code : first)
        if (std::find(enabled.begin(), enabled.end(), code) != enabled.end()) order.push_back(code);
    order.insert(order.end(), rest.begin(), rest.end());
    return order;
}

}  // namespace kiosk
