#include "locale_format.hpp"

#include <boost/locale/format.hpp>
#include <boost/locale/formatting.hpp>
#include <iomanip>
#include <sstream>

namespace kiosk {

std::string format_number(const Catalogues& catalogues, const std::string& language, double value,
                          int decimals) {
    std::ostringstream out;
    out.imbue(catalogues.locale_for(language));
    out << boost::locale::as::number << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

std::string format_date(const Catalogues& catalogues, const std::string& language, std::int64_t utc_ms,
                        const std::string& time_zone) {
    std::ostringstream out;
    out.imbue(catalogues.locale_for(language));
    out << boost::locale::as::time_zone(time_zone.empty() ? "UTC" : time_zone) << boost::locale::as::date
        << boost::locale::as::date_medium << static_cast<double>(utc_ms / 1000);
    return out.str();
}

}  // namespace kiosk
