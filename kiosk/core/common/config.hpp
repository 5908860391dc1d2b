// The kiosk's configuration (firmware-config/kiosk.toml): loading, validation and the problems found.
// Every problem names file, line and key, so `kiosk check-config` and a refused start say what to fix.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiosk {

// The room kept free beside the database for ratings (store/disk_reserve.hpp).
// 16 MiB: about 9 weeks of a busy counter (docs/storage.md); kiosk.reserve_mb overrides it.
constexpr std::int64_t default_reserve_bytes = 16 << 20;

struct LocalNorm {
    std::string id;
    std::map<std::string, std::string> title;     // language -> text
    std::map<std::string, std::string> question;  // language -> text
};

enum class RendererChoice { automatic, opengl, software };

struct DisplayConfig {
    RendererChoice renderer = RendererChoice::automatic;
    int width = 0;  // 0: the whole display
    int height = 0;
    double dpi = 0;  // 0: ask the display
};

struct BurstRule {
    int max_ratings = 3;  // more than this many finished within the window are flagged
    std::chrono::seconds window{20};
};

// The central store this kiosk sends its ratings to ([sync]; docs/protocol.md). Absent: no sync.
struct SyncConfig {
    std::string url;  // the store's base URL, without a trailing '/': https, or http on loopback only
    std::array<unsigned char, 32> store_public_key{};  // Ed25519, verifies the store's receipts
    std::string ca_file;                               // empty: the system's CAs
    std::string pinned_public_key;  // "sha256//<base64>", libcurl's form (several joined by ';'); empty: none
    std::string proxy;    // empty: https_proxy and no_proxy from the environment (sync_transport_route)
    int keep_days = 400;  // delivered ratings older than this are deleted from the kiosk
    std::chrono::minutes heartbeat_every{5};
};

// The manager's view (docs/manager.md): absent, the view cannot be opened.
struct ManagerConfig {
    std::string pin_hash;                  // Argon2id, from `kiosk hash-pin`; never the PIN itself
    std::chrono::seconds idle_close{120};  // the view closes by itself after this long untouched
};

struct KioskConfig {
    std::string kiosk_id;
    std::string database;  // absolute; from the file, or default_database_path()
    std::int64_t reserve_bytes = default_reserve_bytes;  // kept free for ratings beside the database

    std::string site_name;
    std::string counter;
    std::vector<std::string> services;  // life event ids; more than one shows "What did you come for?"
    double grade_target = 7.0;
    std::string time_zone = "Europe/Amsterdam";  // IANA name: where the manager's days and hours begin
    std::string followup_url;                    // contains "{ref}"; https unless site.followup_allow_http
    std::string followup_address;  // a short address to type instead of scanning; empty: none shown

    std::vector<std::string> languages;  // enabled, in the order shown
    std::string default_language;
    // The languages most spoken at this counter: buttons on Welcome and first in the language grid.
    std::vector<std::string> counter_languages;

    std::vector<std::string> norms;  // charter ids (bsc1..) and local norm ids that may be asked
    int norms_per_visit = 3;
    std::chrono::seconds idle_after{30};
    std::chrono::seconds countdown{10};
    std::chrono::seconds thanks_for{30};
    std::chrono::seconds greeting_every{3};
    std::chrono::milliseconds tap_guard{300};
    std::chrono::milliseconds answer_shown_for{400};  // not in the file: part of the visit's design
    BurstRule burst;

    std::vector<LocalNorm> local_norms;
    DisplayConfig display;
    std::optional<SyncConfig> sync;
    std::optional<ManagerConfig> manager;
    std::string config_digest;  // of the configuration's text: "sha-256=…", stored with each rating
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
    std::set<std::string> available_languages;             // catalogues found in the locale folder
    std::map<std::string, std::string> damaged_languages;  // language -> what is wrong with its catalogue
};

ConfigResult load_config_file(const std::string& path, const ConfigContext& context);
ConfigResult load_config_text(const std::string& text, const std::string& file_name,
                              const ConfigContext& context);

// The documented default (firmware-config/kiosk.toml, built into the program).
const std::string& builtin_config_text();

// The smallest window a visit is laid out for, either way round (checked by the fit tests).
constexpr int min_window_long_side = 1024;
constexpr int min_window_short_side = 768;
// The longest follow-up link, with its reference filled in, that a QR code of version 10 at error
// correction level M holds (213 bytes): 57 modules, which the Thanks screen draws at 1 mm or more.
constexpr std::size_t max_followup_link_bytes = 213;
// What the Thanks screen has room for: an address a person types on a phone.
constexpr std::size_t max_followup_address_bytes = 40;
// The most languages.at_counter may name: the welcome screen's strip.
constexpr std::size_t max_counter_languages = 5;

// Where ratings are kept when kiosk.database is empty, in this order: $STATE_DIRECTORY (systemd's
// StateDirectory=), $XDG_STATE_HOME/charter-kiosk, $HOME/.local/state/charter-kiosk; each + "/kiosk.db".
// Empty when none of them is set.
std::string default_database_path();

}  // namespace kiosk
