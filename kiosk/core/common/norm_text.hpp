// The words of a norm in a language: charter norms from the catalogues, local norms from the config
// (falling back to the default language, as check-config warns).
#pragma once
#include <string>

#include "catalogues.hpp"
#include "config.hpp"

namespace kiosk {

struct NormText {
    std::string title;
    std::string question;
};

NormText norm_text(const std::string& norm_id, const std::string& language, const KioskConfig& config,
                   const Catalogues& catalogues);

}  // namespace kiosk
