// What stands at kiosk.database, judged before anything there is opened, created or changed: the
// kiosk only ever writes to a file it made itself (marked with its SQLite application_id) or to a
// path where nothing stands yet. Everything else is refused and left exactly as it was.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace kiosk {

// PRAGMA application_id of every database the kiosk makes ("CHKS"); see docs/storage.md.
constexpr std::int32_t kiosk_application_id = 0x43484b53;

struct DatabaseFile {
    enum Kind {
        absent,          // nothing there: the kiosk may create it
        empty,           // an empty regular file of the kiosk user's, mode 0600: as good as absent
        kiosk_database,  // an SQLite file with the kiosk's mark
        refused,         // anything else; `problem` says what and why
    };
    Kind kind = absent;
    std::string problem;
};

DatabaseFile inspect_database_file(const std::string& path);

// For check-config: the path is absolute, not on a virtual filesystem, its folder (or the nearest
// folder that exists) is writable by this user, and what stands there is a kiosk database or nothing.
std::optional<std::string> database_path_problem(const std::string& path);

}  // namespace kiosk
