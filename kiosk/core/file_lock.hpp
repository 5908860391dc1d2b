// One kiosk process per database: an advisory lock (flock) on "<database>.lock", held while the store
// is open. SQLite's own locks stay in normal mode, so WAL keeps its shared memory and other
// connections of this process (the sync worker, the manager's scores) can read while the UI writes.
#pragma once
#include <string>

namespace kiosk {

class FileLock {
  public:
    // Creates the lock file (mode 0600) if needed and takes the lock without waiting. Throws
    // std::runtime_error naming the file when another process holds it or it cannot be made.
    explicit FileLock(const std::string& path);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace kiosk
