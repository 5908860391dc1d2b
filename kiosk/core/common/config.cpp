#include "config.hpp"

#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "charter.hpp"
#include "database_file.hpp"
#include "identifiers.hpp"
#include "pin_hash.hpp"
#include "protocol/base64.hpp"
#include "protocol/digest.hpp"
#include "protocol/ids.hpp"
#include "sync_url.hpp"
#include "time_zone.hpp"

namespace kiosk {
namespace {

// Walks the parsed document and records every problem instead of stopping at the first one, so an
// administrator fixes a file in one pass.
class ConfigReader {
  public:
    ConfigReader(std::string file, std::vector<ConfigProblem>& problems)
        : file_(std::move(file)), problems_(problems) {}

    void error(const toml::node* node, const std::string& key, const std::string& message,
               int fallback_line = 0) {
        add(node, key, message, false, fallback_line);
    }
    void warning(const toml::node* node, const std::string& key, const std::string& message) {
        add(node, key, message, true, 0);
    }

    // Reports keys the program does not know: a typo must not be silently ignored.
    void check_keys(const toml::table& table, const std::string& prefix,
                    std::initializer_list<std::string_view> known) {
        for (auto&& [key, node] : table) {
            if (std::find(known.begin(), known.end(), key.str()) == known.end())
                error(&node, join(prefix, key.str()), "unknown key",
                      static_cast<int>(key.source().begin.line));
        }
    }

    const toml::table* table(const toml::table& parent, std::string_view name, const std::string& prefix,
                             bool required) {
        const toml::node* node = parent.get(name);
        std::string key = join(prefix, name);
        if (!node) {
            if (required) error(&parent, key, "missing table [" + key + "]", 1);
            return nullptr;
        }
        if (!node->is_table()) {
            error(node, key, "must be a table");
            return nullptr;
        }
        return node->as_table();
    }

    std::optional<std::string> string(const toml::table& t, std::string_view name, const std::string& prefix,
                                      bool required) {
        const toml::node* node = t.get(name);
        std::string key = join(prefix, name);
        if (!node) {
            if (required) error(&t, key, "missing (a text value is required)");
            return std::nullopt;
        }
        if (!node->is_string()) {
            error(node, key, std::string("must be text in quotes, not ") + type_name(*node));
            return std::nullopt;
        }
        return node->value<std::string>();
    }

    std::optional<std::int64_t> integer(const toml::table& t, std::string_view name,
                                        const std::string& prefix, std::int64_t min, std::int64_t max) {
        const toml::node* node = t.get(name);
        if (!node) return std::nullopt;
        std::string key = join(prefix, name);
        if (!node->is_integer()) {
            error(node, key, std::string("must be a whole number, not ") + type_name(*node));
            return std::nullopt;
        }
        std::int64_t value = *node->value<std::int64_t>();
        if (value < min || value > max) {
            error(node, key,
                  "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
                      std::to_string(value));
            return std::nullopt;
        }
        return value;
    }

    std::optional<double> number(const toml::table& t, std::string_view name, const std::string& prefix,
                                 double min, double max) {
        const toml::node* node = t.get(name);
        if (!node) return std::nullopt;
        std::string key = join(prefix, name);
        if (!node->is_number()) {
            error(node, key, std::string("must be a number, not ") + type_name(*node));
            return std::nullopt;
        }
        double value = *node->value<double>();
        if (value < min || value > max) {
            std::ostringstream out;
            out << "must be between " << min << " and " << max << ", not " << value;
            error(node, key, out.str());
            return std::nullopt;
        }
        return value;
    }

    // A list of texts; each element's own line is kept so a bad element is reported where it stands.
    std::optional<std::vector<std::pair<std::string, const toml::node*>>> strings(const toml::table& t,
                                                                                  std::string_view name,
                                                                                  const std::string& prefix) {
        const toml::node* node = t.get(name);
        if (!node) return std::nullopt;
        std::string key = join(prefix, name);
        if (!node->is_array()) {
            error(node, key, "must be a list like [\"a\", \"b\"]");
            return std::nullopt;
        }
        std::vector<std::pair<std::string, const toml::node*>> out;
        for (const toml::node& element : *node->as_array()) {
            if (!element.is_string()) {
                error(&element, key, "every element must be text in quotes");
                return std::nullopt;
            }
            out.emplace_back(*element.value<std::string>(), &element);
        }
        return out;
    }

    static std::string join(const std::string& prefix, std::string_view name) {
        return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    }

  private:
    static const char* type_name(const toml::node& node) {
        switch (node.type()) {
            case toml::node_type::string:
                return "text";
            case toml::node_type::integer:
                return "a whole number";
            case toml::node_type::floating_point:
                return "a number";
            case toml::node_type::boolean:
                return "true/false";
            case toml::node_type::array:
                return "a list";
            case toml::node_type::table:
                return "a table";
            default:
                return "a date or time";
        }
    }

    void add(const toml::node* node, const std::string& key, const std::string& message, bool is_warning,
             int fallback_line) {
        int line = fallback_line;
        if (line == 0 && node) line = static_cast<int>(node->source().begin.line);
        if (line == 0) line = 1;
        problems_.push_back(ConfigProblem{file_, line, key, message, is_warning});
    }

    std::string file_;
    std::vector<ConfigProblem>& problems_;
};

void read_kiosk(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "kiosk", "", true);
    if (!t) return;
    r.check_keys(*t, "kiosk", {"id", "database", "reserve_mb"});
    if (auto id = r.string(*t, "id", "kiosk", true)) {
        if (!protocol::is_kiosk_id(*id))
            r.error(t->get("id"), "kiosk.id",
                    "must be 1-64 letters, digits, '-', '_' or '.', not '" + *id + "'");
        else
            c.kiosk_id = *id;
    }
    if (auto db = r.string(*t, "database", "kiosk", false)) c.database = *db;
    if (c.database.empty()) {
        c.database = default_database_path();
        if (c.database.empty())
            r.error(t, "kiosk.database",
                    "empty, and there is no default: none of STATE_DIRECTORY, XDG_STATE_HOME "
                    "or HOME is set; give an absolute path");
    }
    if (!c.database.empty()) {
        if (auto problem = database_path_problem(c.database))
            r.error(t->get("database") ? t->get("database") : t, "kiosk.database", *problem);
    }
    if (auto v = r.integer(*t, "reserve_mb", "kiosk", 1, 4096)) c.reserve_bytes = *v << 20;
}

void read_site(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "site", "", true);
    if (!t) return;
    r.check_keys(*t, "site",
                 {"name", "counter", "services", "grade_target", "time_zone", "followup_url",
                  "followup_allow_http", "followup_address"});
    bool allow_http = false;
    if (const toml::node* n = t->get("followup_allow_http")) {
        if (!n->is_boolean())
            r.error(n, "site.followup_allow_http", "must be true or false");
        else
            allow_http = *n->value<bool>();
    }
    if (auto v = r.string(*t, "name", "site", true)) c.site_name = *v;
    if (auto v = r.string(*t, "counter", "site", true)) c.counter = *v;
    if (auto v = r.number(*t, "grade_target", "site", 1, 10)) c.grade_target = *v;
    if (auto v = r.string(*t, "time_zone", "site", false)) {
        if (!TimeZone::named(*v))
            r.error(t->get("time_zone"), "site.time_zone",
                    "unknown time zone '" + *v + "' (an IANA name such as \"Europe/Amsterdam\" or \"UTC\")");
        else
            c.time_zone = *v;
    }
    if (auto v = r.string(*t, "followup_url", "site", true)) {
        if (v->find("{ref}") == std::string::npos)
            r.error(t->get("followup_url"), "site.followup_url",
                    "must contain {ref}, where the rating's reference goes");
        else if (v->rfind("https://", 0) != 0 && !(allow_http && v->rfind("http://", 0) == 0))
            r.error(t->get("followup_url"), "site.followup_url",
                    allow_http ? "must start with https:// or http://"
                               : "must start with https:// (the reference must not travel in clear; "
                                 "site.followup_allow_http = true allows http:// on purpose)");
        else if (std::size_t filled = v->size() - 5 + reference_length; filled > max_followup_link_bytes)
            r.error(t->get("followup_url"), "site.followup_url",
                    "is " + std::to_string(filled) + " bytes with its reference, longer than the " +
                        std::to_string(max_followup_link_bytes) + " a QR code on the screen can hold");
        else
            c.followup_url = *v;
    }
    if (auto v = r.string(*t, "followup_address", "site", false)) {
        // Typed from the screen into a phone: short, no scheme, no spaces.
        if (v->size() > max_followup_address_bytes || v->find_first_of(" \t") != std::string::npos ||
            v->find("://") != std::string::npos)
            r.error(t->get("followup_address"), "site.followup_address",
                    "must be a short address to type, without spaces or https:// (at most " +
                        std::to_string(max_followup_address_bytes) + " bytes), like example.org/ideas");
        else
            c.followup_address = *v;
    }
    if (auto services = r.strings(*t, "services", "site")) {
        std::set<std::string> seen;
        for (auto& [id, node] : *services) {
            if (!find_life_event(id))
                r.error(node, "site.services",
                        "unknown service '" + id + "' (see docs/configuration.md for the list)");
            else if (!seen.insert(id).second)
                r.error(node, "site.services", "service '" + id + "' is listed twice");
            else
                c.services.push_back(id);
        }
    }
}

void read_languages(ConfigReader& r, const toml::table& root, KioskConfig& c, const ConfigContext& context) {
    const toml::table* t = r.table(root, "languages", "", true);
    if (!t) return;
    r.check_keys(*t, "languages", {"enabled", "default", "at_counter"});
    if (auto enabled = r.strings(*t, "enabled", "languages")) {
        for (auto& [lang, node] : *enabled) {
            if (auto damaged = context.damaged_languages.find(lang);
                damaged != context.damaged_languages.end())
                r.error(node, "languages.enabled",
                        "the catalogue for '" + lang + "' is damaged: " + damaged->second);
            else if (!context.available_languages.count(lang))
                r.error(node, "languages.enabled",
                        "no catalogue for language '" + lang + "' in the locale folder");
            else if (std::find(c.languages.begin(), c.languages.end(), lang) != c.languages.end())
                r.error(node, "languages.enabled", "language '" + lang + "' is listed twice");
            else
                c.languages.push_back(lang);
        }
        if (enabled->empty())
            r.error(t->get("enabled"), "languages.enabled", "must name at least one language");
        for (const auto& [lang, what] : context.damaged_languages) {
            if (std::none_of(enabled->begin(), enabled->end(), [&](auto& e) { return e.first == lang; }))
                r.warning(t->get("enabled"), "languages.enabled",
                          "the catalogue for '" + lang + "' (not enabled) is damaged: " + what);
        }
    } else {
        r.error(t, "languages.enabled", "missing (a list of language codes is required)");
    }
    if (auto def = r.string(*t, "default", "languages", true)) {
        if (std::find(c.languages.begin(), c.languages.end(), *def) == c.languages.end())
            r.error(t->get("default"), "languages.default", "'" + *def + "' is not one of languages.enabled");
        else
            c.default_language = *def;
    }
    if (auto at_counter = r.strings(*t, "at_counter", "languages")) {
        for (auto& [lang, node] : *at_counter) {
            if (std::find(c.languages.begin(), c.languages.end(), lang) == c.languages.end())
                r.error(node, "languages.at_counter", "'" + lang + "' is not one of languages.enabled");
            else if (std::find(c.counter_languages.begin(), c.counter_languages.end(), lang) !=
                     c.counter_languages.end())
                r.error(node, "languages.at_counter", "language '" + lang + "' is listed twice");
            else
                c.counter_languages.push_back(lang);
        }
        if (c.counter_languages.size() > max_counter_languages)
            r.error(t->get("at_counter"), "languages.at_counter",
                    "names " + std::to_string(c.counter_languages.size()) + " languages; at most " +
                        std::to_string(max_counter_languages) + " fit on the welcome screen");
    }
}

void read_local_norms(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::node* node = root.get("local_norms");
    if (!node) return;
    if (!node->is_array_of_tables()) {
        r.error(node, "local_norms", "must be written as [[local_norms]] tables");
        return;
    }
    int index = 0;
    for (const toml::node& element : *node->as_array()) {
        std::string prefix = "local_norms[" + std::to_string(++index) + "]";
        const toml::table& t = *element.as_table();
        r.check_keys(t, prefix, {"id", "title", "question"});
        LocalNorm norm;
        if (auto id = r.string(t, "id", prefix, true)) {
            if (find_charter_norm(*id))
                r.error(t.get("id"), prefix + ".id", "'" + *id + "' is a charter norm id; pick another");
            else if (std::any_of(c.local_norms.begin(), c.local_norms.end(),
                                 [&](auto& n) { return n.id == *id; }))
                r.error(t.get("id"), prefix + ".id", "'" + *id + "' is used by another local norm");
            norm.id = *id;
        }
        for (auto [field, target] :
             {std::pair{"title", &norm.title}, std::pair{"question", &norm.question}}) {
            const toml::table* texts = r.table(t, field, prefix, false);
            if (!texts) {
                r.error(&t, prefix + "." + field,
                        "missing (a table of texts by language, like title.en = \"...\")");
                continue;
            }
            for (auto&& [lang, text] : *texts) {
                if (auto s = text.value<std::string>())
                    (*target)[std::string(lang.str())] = *s;
                else
                    r.error(&text, prefix + "." + field + "." + std::string(lang.str()),
                            "must be text in quotes");
            }
        }
        c.local_norms.push_back(std::move(norm));
    }
}

void read_survey(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "survey", "", true);
    if (!t) return;
    r.check_keys(*t, "survey",
                 {"norms", "norms_per_visit", "idle_seconds", "countdown_seconds", "thanks_seconds",
                  "greeting_seconds", "tap_guard_ms", "burst"});
    if (auto norms = r.strings(*t, "norms", "survey")) {
        for (auto& [id, node] : *norms) {
            bool local =
                std::any_of(c.local_norms.begin(), c.local_norms.end(), [&](auto& n) { return n.id == id; });
            if (!find_charter_norm(id) && !local)
                r.error(node, "survey.norms",
                        "unknown norm '" + id +
                            "' (charter norms are bsc1..bsc10; local norms need a [[local_norms]] entry)");
            else if (std::find(c.norms.begin(), c.norms.end(), id) != c.norms.end())
                r.error(node, "survey.norms", "norm '" + id + "' is listed twice");
            else
                c.norms.push_back(id);
        }
    } else {
        r.error(t, "survey.norms", "missing (a list of the norms that may be asked is required)");
    }
    if (auto v = r.integer(*t, "norms_per_visit", "survey", 2, 4)) c.norms_per_visit = static_cast<int>(*v);
    // Checked with the default too: a visit must ask as many norms as it says, and at least two.
    if (const toml::node* norms = t->get("norms");
        norms && norms->is_array() && c.norms_per_visit > static_cast<int>(c.norms.size())) {
        const toml::node* where = t->get("norms_per_visit") ? t->get("norms_per_visit") : norms;
        r.error(where, t->get("norms_per_visit") ? "survey.norms_per_visit" : "survey.norms",
                "a visit asks " + std::to_string(c.norms_per_visit) +
                    " norms (survey.norms_per_visit) but survey.norms lists " +
                    std::to_string(c.norms.size()));
    }
    if (auto v = r.integer(*t, "idle_seconds", "survey", 5, 600)) c.idle_after = std::chrono::seconds(*v);
    if (auto v = r.integer(*t, "countdown_seconds", "survey", 3, 60)) c.countdown = std::chrono::seconds(*v);
    if (auto v = r.integer(*t, "thanks_seconds", "survey", 2, 120)) c.thanks_for = std::chrono::seconds(*v);
    if (auto v = r.integer(*t, "greeting_seconds", "survey", 1, 60))
        c.greeting_every = std::chrono::seconds(*v);
    if (auto v = r.integer(*t, "tap_guard_ms", "survey", 0, 500)) c.tap_guard = std::chrono::milliseconds(*v);
    if (const toml::table* burst = r.table(*t, "burst", "survey", false)) {
        r.check_keys(*burst, "survey.burst", {"max_ratings", "window_seconds"});
        if (auto v = r.integer(*burst, "max_ratings", "survey.burst", 1, 1000))
            c.burst.max_ratings = static_cast<int>(*v);
        if (auto v = r.integer(*burst, "window_seconds", "survey.burst", 1, 3600))
            c.burst.window = std::chrono::seconds(*v);
    }
}

void read_display(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "display", "", false);
    if (!t) return;
    r.check_keys(*t, "display", {"renderer", "width", "height", "dpi"});
    if (auto v = r.string(*t, "renderer", "display", false)) {
        if (*v == "auto")
            c.display.renderer = RendererChoice::automatic;
        else if (*v == "opengl")
            c.display.renderer = RendererChoice::opengl;
        else if (*v == "software")
            c.display.renderer = RendererChoice::software;
        else
            r.error(t->get("renderer"), "display.renderer",
                    "must be \"auto\", \"opengl\" or \"software\", not \"" + *v + "\"");
    }
    if (auto v = r.integer(*t, "width", "display", 0, 16384)) c.display.width = static_cast<int>(*v);
    if (auto v = r.integer(*t, "height", "display", 0, 16384)) c.display.height = static_cast<int>(*v);
    if ((c.display.width == 0) != (c.display.height == 0))
        r.error(t, "display.width", "width and height must both be set or both be 0 (the whole display)");
    else if (c.display.width != 0 && (std::max(c.display.width, c.display.height) < min_window_long_side ||
                                      std::min(c.display.width, c.display.height) < min_window_short_side))
        r.error(t->get("width"), "display.width",
                std::to_string(c.display.width) + "x" + std::to_string(c.display.height) +
                    " is smaller than a visit can be laid out in (at least " +
                    std::to_string(min_window_long_side) + "x" + std::to_string(min_window_short_side) +
                    ", either way round)");
    if (auto v = r.number(*t, "dpi", "display", 0, 1000)) {
        if (*v != 0 && *v < 50)
            r.error(t->get("dpi"), "display.dpi", "must be 0 (ask the display) or at least 50");
        else
            c.display.dpi = *v;
    }
}

// libcurl's "sha256//<base64 of 32 bytes>", possibly several joined by ';' (a key rollover).
bool is_pin_list(const std::string& pins) {
    std::size_t at = 0;
    for (;;) {
        std::size_t end = pins.find(';', at);
        std::string pin = pins.substr(at, end == std::string::npos ? std::string::npos : end - at);
        unsigned char hash[32];
        const std::string prefix = "sha256//";
        if (pin.rfind(prefix, 0) != 0 ||
            !protocol::decode_base64(std::string_view(pin).substr(prefix.size()), hash, sizeof hash))
            return false;
        if (end == std::string::npos) return true;
        at = end + 1;
    }
}

void read_sync(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "sync", "", false);
    if (!t) return;
    r.check_keys(*t, "sync",
                 {"url", "store_public_key", "ca_file", "pinned_public_key", "proxy", "keep_days",
                  "heartbeat_minutes"});
    SyncConfig s;
    if (auto url = r.string(*t, "url", "sync", true)) {
        if (std::string problem = sync_url_problem(*url); !problem.empty())
            r.error(t->get("url"), "sync.url", problem);
        s.url = url->back() == '/' ? url->substr(0, url->size() - 1) : *url;
    }
    if (auto key = r.string(*t, "store_public_key", "sync", true)) {
        if (auto store_key = protocol::public_key_from_text(*key))
            s.store_public_key = *store_key;
        else
            r.error(t->get("store_public_key"), "sync.store_public_key",
                    "must be the store's Ed25519 public key: 43 characters of base64url without padding "
                    "(kiosk-central prints it), not '" +
                        *key + "'");
    }
    if (auto file = r.string(*t, "ca_file", "sync", false)) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*file, ec) || ::access(file->c_str(), R_OK) != 0)
            r.error(t->get("ca_file"), "sync.ca_file", "no readable file at '" + *file + "'");
        s.ca_file = *file;
    }
    if (auto pins = r.string(*t, "pinned_public_key", "sync", false)) {
        if (!is_pin_list(*pins))
            r.error(t->get("pinned_public_key"), "sync.pinned_public_key",
                    "must be \"sha256//\" and the base64 of the SHA-256 of the store certificate's public "
                    "key (several joined by ';'), not '" +
                        *pins + "'");
        s.pinned_public_key = *pins;
    }
    if (auto proxy = r.string(*t, "proxy", "sync", false)) s.proxy = *proxy;
    if (auto v = r.integer(*t, "keep_days", "sync", 1, 36500)) s.keep_days = static_cast<int>(*v);
    if (auto v = r.integer(*t, "heartbeat_minutes", "sync", 1, 1440))
        s.heartbeat_every = std::chrono::minutes(*v);
    c.sync = std::move(s);
}

void read_manager(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::table* t = r.table(root, "manager", "", false);
    if (!t) return;
    r.check_keys(*t, "manager", {"pin_hash", "idle_close_seconds", "pin"});
    ManagerConfig m;
    // A PIN in clear text is refused, whatever key holds it: the configuration is read by IT, copied
    // to other machines and kept in backups.
    if (t->get("pin"))
        r.error(t->get("pin"), "manager.pin",
                "a PIN in clear text is refused: give its hash as manager.pin_hash (make one with "
                "`kiosk hash-pin`)");
    if (auto hash = r.string(*t, "pin_hash", "manager", true)) {
        if (is_pin_hash(*hash))
            m.pin_hash = *hash;
        else if (pin_problem(*hash).empty())
            r.error(t->get("pin_hash"), "manager.pin_hash",
                    "this is a PIN in clear text, which is refused: give its hash (make one with `kiosk "
                    "hash-pin`)");
        else
            r.error(t->get("pin_hash"), "manager.pin_hash",
                    "must be an Argon2id hash made by `kiosk hash-pin` (\"$argon2id$v=19$…\")");
    }
    if (auto v = r.integer(*t, "idle_close_seconds", "manager", 15, 3600))
        m.idle_close = std::chrono::seconds(*v);
    c.manager = std::move(m);
}

// Checks that need the whole file read first.
void check_local_norm_texts(ConfigReader& r, const toml::table& root, KioskConfig& c) {
    const toml::node* list = root.get("local_norms");
    for (std::size_t i = 0; i < c.local_norms.size(); ++i) {
        const LocalNorm& norm = c.local_norms[i];
        const toml::node* node = list && list->is_array() ? list->as_array()->get(i) : nullptr;
        std::string prefix = "local_norms[" + std::to_string(i + 1) + "]";
        for (auto [field, texts] : {std::pair{"title", &norm.title}, std::pair{"question", &norm.question}}) {
            if (!c.default_language.empty() && !texts->count(c.default_language))
                r.error(node, prefix + "." + field,
                        "no text for the default language '" + c.default_language + "'");
            for (const std::string& lang : c.languages) {
                if (lang != c.default_language && !texts->count(lang))
                    r.warning(
                        node, prefix + "." + field,
                        "no text for '" + lang + "'; the " + c.default_language + " text is shown instead");
            }
        }
    }
}

}  // namespace

std::string describe(const ConfigProblem& p) {
    std::string out = p.file;
    if (p.line > 0) out += ":" + std::to_string(p.line);
    out += ": ";
    if (p.warning) out += "warning: ";
    if (!p.key.empty()) out += p.key + ": ";
    return out + p.message;
}

ConfigResult load_config_text(const std::string& text, const std::string& file_name,
                              const ConfigContext& context) {
    ConfigResult result;
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& e) {
        result.problems.push_back(ConfigProblem{file_name, static_cast<int>(e.source().begin.line), "",
                                                std::string(e.description()), false});
        return result;
    }
    KioskConfig c;
    ConfigReader r(file_name, result.problems);
    r.check_keys(root, "",
                 {"kiosk", "site", "languages", "survey", "local_norms", "display", "sync", "manager"});
    read_kiosk(r, root, c);
    read_site(r, root, c);
    read_languages(r, root, c, context);
    read_local_norms(r, root, c);
    read_survey(r, root, c);
    read_display(r, root, c);
    read_sync(r, root, c);
    read_manager(r, root, c);
    check_local_norm_texts(r, root, c);

    bool has_error =
        std::any_of(result.problems.begin(), result.problems.end(), [](auto& p) { return !p.warning; });
    c.config_digest =
        protocol::sha256_field(text);  // which questions a rating answered, for the central store
    if (!has_error) result.config = std::move(c);
    return result;
}

ConfigResult load_config_file(const std::string& path, const ConfigContext& context) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ConfigResult result;
        result.problems.push_back(
            ConfigProblem{path, 0, "", "cannot read the file (missing, or no permission)", false});
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return load_config_text(text.str(), path, context);
}

std::string default_database_path() {
    auto absolute = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v && *v == '/' ? v : "";
    };
    // systemd may list several folders, separated by ':'; the first is this service's own.
    if (std::string dir = absolute("STATE_DIRECTORY"); !dir.empty())
        return dir.substr(0, dir.find(':')) + "/kiosk.db";
    if (std::string dir = absolute("XDG_STATE_HOME"); !dir.empty()) return dir + "/charter-kiosk/kiosk.db";
    if (std::string dir = absolute("HOME"); !dir.empty()) return dir + "/.local/state/charter-kiosk/kiosk.db";
    return "";
}

}  // namespace kiosk
