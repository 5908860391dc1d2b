// The built-in configuration with every catalogue that was built, for tests that need the real texts.
#pragma once
#include <catch2/catch.hpp>

#include "catalogues.hpp"
#include "config.hpp"

inline kiosk::KioskConfig builtin_config(const kiosk::Catalogues& catalogues) {
    kiosk::ConfigContext context;
    context.available_languages = {catalogues.languages().begin(), catalogues.languages().end()};
    kiosk::ConfigResult r = kiosk::load_config_text(kiosk::builtin_config_text(), "kiosk.toml", context);
    REQUIRE(r.ok());
    return *r.config;
}
