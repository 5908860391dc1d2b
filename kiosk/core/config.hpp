// The kiosk's configuration (firmware-config/kiosk.toml): loading, validation and the problems found.
// Every problem names file, line and key, so `kiosk check-config` and a refused start say what to fix.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiosk {

struct LocalNorm {
    std::string id;
    std::map<std::string, std::string> title;     // language -> text
    std::map<std::string, std::string> question;  // language -> text
};

enum class RendererChoice { automatic, opengl, software };

struct DisplayConfig {
    RendererChoice renderer = RendererChoice::automatic;
    int width = 0;    // 0: the whole display
    int height = 0;
    double dpi = 0;   // 0: ask the display
};

struct BurstRule {
    int max_ratings = 3;  // more than this many finished within the window are flagged
    std::chrono::seconds window{20};
};

struct KioskConfig {
    std::string kiosk_id;
    std::string database;  // empty: the per-user default (see default_database_path)

    std::string site_name;
    std::string counter;
    std::vector<std::string> services;  // life event ids; more than one shows "What did you come for?"
    double grade_target = 7.0;
    std::string followup_url;  // contains "{ref}"

    std::vector<std::string> languages;  // enabled, in the order shown
    std::string default_language;

    std::vector<std::string> norms;  // charter ids (bsc1..) and local norm ids that may be asked
    int norms_per_visit = 3;
    std::chrono::seconds idle_after{30};
    std::chrono::seconds countdown{10};
    std::chrono::seconds thanks_for{10};
    std::chrono::seconds greeting_every{3};
    BurstRule burst;

    std::vector<LocalNorm> local_norms;
    DisplayConfig display;
};

struct ConfigProblem {
    std::string file;
    int line = 0;     // 0 when the file could not be read at all
    std::string key;  // dotted path, e.g. "survey.norms"
    std::string message;
    bool warning = false;  // a warning is reported but does not refuse the file
};

// "kiosk.toml:12: survey.norms: unknown norm 'bsc11'"
std::string describe(const ConfigProblem& problem);

struct ConfigResult {
    std::optional<KioskConfig> config;  // empty when any problem is an error
    std::vector<ConfigProblem> problems;
    bool ok() const { return config.has_value(); }
};

// What validation checks against that is not in the file itself.
struct ConfigContext {
    std::set<std::string> available_languages;  // catalogues found in the locale folder
};

ConfigResult load_config_file(const std::string& path, const ConfigContext& context);
ConfigResult load_config_text(const std::string& text, const std::string& file_name, const ConfigContext& context);

// The documented default (firmware-config/kiosk.toml, built into the program).
const std::string& builtin_config_text();

// $XDG_STATE_HOME/charter-kiosk/kiosk.db, or ~/.local/state/charter-kiosk/kiosk.db.
std::string default_database_path();

}  // namespace kiosk
