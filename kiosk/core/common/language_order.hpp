// The order languages are offered in: Welcome's strip, and the grid of all of them.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace kiosk {

// Welcome's strip: the default language, then the counter's languages as configured.
std::vector<std::string> strip_order(const std::string& default_language,
                                     const std::vector<std::string>& at_counter);

// The grid: the strip's languages first, then every other enabled language by its own name, in
// Unicode's collation (Čeština with the C's, not after Z; Latin, then Greek, then Cyrillic), which
// is where a reader looks for a name.
std::vector<std::string> grid_order(const std::vector<std::string>& enabled,
                                    const std::string& default_language,
                                    const std::vector<std::string>& at_counter,
                                    const std::function<std::string(const std::string&)>& endonym);

}  // namespace kiosk
