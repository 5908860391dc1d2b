#include "database_file.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace kiosk {
namespace {

// The first 100 bytes of every SQLite file (https://www.sqlite.org/fileformat.html, "Database header").
constexpr std::size_t header_size = 100;
constexpr char sqlite_magic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                   'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
constexpr std::size_t application_id_offset = 68;  // big-endian 32-bit

std::uint32_t big_endian_u32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::string hex(std::uint32_t v) {
    char out[16];
    std::snprintf(out, sizeof out, "0x%08x", v);
    return out;
}

}  // namespace

DatabaseFile inspect_database_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {DatabaseFile::absent, {}};
        if (errno == ENOTDIR)
            return {DatabaseFile::refused, path + ": a part of the path is a file, not a folder"};
        return {DatabaseFile::refused, path + ": cannot be examined: " + std::strerror(errno)};
    }
    if (!S_ISREG(st.st_mode))
        return {DatabaseFile::refused, path +
                                           ": not a regular file (a folder, device or socket stands there); "
                                           "point kiosk.database at a file of its own"};
    if (st.st_size == 0) {
        // SQLite would take an empty file as a new database; take it only if nobody else can read it.
        if (st.st_uid == ::geteuid() && (st.st_mode & 077) == 0) return {DatabaseFile::empty, {}};
        return {DatabaseFile::refused,
                path +
                    ": an empty file the kiosk did not make (owner or mode other than its "
                    "own 0600); remove it or point kiosk.database elsewhere"};
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return {DatabaseFile::refused, path + ": cannot be read: " + std::strerror(errno)};
    unsigned char header[header_size];
    ssize_t got = ::pread(fd, header, header_size, 0);
    ::close(fd);
    if (got != static_cast<ssize_t>(header_size) ||
        std::memcmp(header, sqlite_magic, sizeof sqlite_magic) != 0)
        return {DatabaseFile::refused, path +
                                           ": not a charter kiosk database (not an SQLite file at all); "
                                           "the kiosk leaves it as it is: point kiosk.database elsewhere"};
    std::uint32_t id = big_endian_u32(header + application_id_offset);
    if (id != static_cast<std::uint32_t>(kiosk_application_id))
        return {DatabaseFile::refused, path + ": an SQLite database of another application (application_id " +
                                           hex(id) + ", the kiosk's is " + hex(kiosk_application_id) +
                                           "); the kiosk leaves it as it is: point kiosk.database elsewhere"};
    return {DatabaseFile::kiosk_database, {}};
}

std::optional<std::string> database_path_problem(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty() || path[0] != '/')
        return "must be an absolute path (starting with /), not '" + path + "'" +
               (path.rfind("~", 0) == 0 ? "; '~' is not expanded" : "");
    if (path.rfind("/dev/", 0) == 0) return "'" + path + "' is in the device folder /dev";
    DatabaseFile file = inspect_database_file(path);
    if (file.kind == DatabaseFile::refused) return file.problem;
    // The nearest folder that exists: the kiosk creates the rest.
    fs::path folder = fs::path(path).parent_path();
    std::error_code ec;
    while (!fs::exists(folder, ec) && folder.has_parent_path() && folder != folder.parent_path())
        folder = folder.parent_path();
    if (!fs::is_directory(folder, ec)) return "'" + folder.string() + "' is not a folder";
    struct statfs fs_info {};
    if (::statfs(folder.c_str(), &fs_info) == 0 &&
        (fs_info.f_type == PROC_SUPER_MAGIC || fs_info.f_type == SYSFS_MAGIC ||
         fs_info.f_type == CGROUP2_SUPER_MAGIC))
        return "'" + folder.string() + "' is a virtual filesystem of the kernel, not a disk";
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        return "the kiosk user cannot write in '" + folder.string() + "': " + std::strerror(errno);
    return std::nullopt;
}

}  // namespace kiosk
