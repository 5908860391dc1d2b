#include "kiosk_probe.hpp"

#include "clock.hpp"
#include "store_reader.hpp"

namespace kiosk {

KioskProbe::KioskProbe(SystemClock& clock, std::string database_path)
    : clock_(clock), database_path_(std::move(database_path)) {}

KioskProbe::~KioskProbe() = default;

void KioskProbe::advance_clock(std::chrono::milliseconds by) { clock_.advance(by); }

std::optional<std::string> KioskProbe::query(const std::string& sql) {
    if (!reader_) reader_ = std::make_unique<StoreReader>(database_path_);
    return reader_->query_text(sql);
}

}  // namespace kiosk
