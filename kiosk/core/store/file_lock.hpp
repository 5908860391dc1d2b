// One kiosk process per database, however the database is named.
// - FileLock::beside(path) holds a flock on "<database>.lock" while the store is open: it keeps a
//   second kiosk out while the database is still being created (before there is a file to lock).
// - FileLock::on(path) holds a flock on the database file itself: a second kiosk reaching the same file
//   through a symlink or a hard link meets the same inode and is refused. It also tells whether the
//   file is still the one at its path (not deleted, not replaced) when the kiosk is about to write.
// SQLite's own locks (POSIX fcntl locks) do not interact with flock on Linux, so WAL keeps its shared
// memory and other connections of this process (the sync worker, the manager's scores) read and write
// as before. The lock's descriptor is closed only after every SQLite connection to the file in this
// process: closing any descriptor of a file drops the process's POSIX locks on it.
#pragma once
#include <sys/types.h>

#include <string>

namespace kiosk {

class FileLock {
  public:
    // Creates "<path>" (mode 0600) if needed and takes the lock without waiting. Throws
    // std::runtime_error naming the file when another process holds it or it cannot be made.
    static FileLock beside(const std::string& path) { return FileLock(path, true); }
    // Locks the existing file at `path` (following a symlink, as SQLite does). Throws
    // std::runtime_error naming the file when another process holds it or it cannot be opened.
    static FileLock on(const std::string& path) { return FileLock(path, false); }
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // The locked file is still the one at its path: not deleted (nor its folder), not replaced.
    bool still_in_place() const;
    const std::string& path() const { return path_; }

  private:
    FileLock(const std::string& path, bool create);
    std::string path_;
    int fd_ = -1;
    dev_t device_ = 0;
    ino_t inode_ = 0;
};

}  // namespace kiosk
