#include "file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace kiosk {

FileLock::FileLock(const std::string& path, bool create) : path_(path) {
    fd_ = create ? ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)
                 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw std::runtime_error((create ? "Unable to create the lock file " : "Unable to open ") + path +
                                 ": " + std::strerror(errno));
    struct stat st {};
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0 || ::fstat(fd_, &st) != 0) {
        int error = errno;
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error(error == EWOULDBLOCK
                                     ? "another process holds a lock on " + path +
                                           " (is a second kiosk running on it, maybe through another "
                                           "name for the same file?)"
                                     : "Unable to lock " + path + ": " + std::strerror(error));
    }
    device_ = st.st_dev;
    inode_ = st.st_ino;
}

FileLock::FileLock(FileLock&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      device_(other.device_),
      inode_(other.inode_) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        device_ = other.device_;
        inode_ = other.inode_;
    }
    return *this;
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

bool FileLock::still_in_place() const {
    struct stat held {
    }, at_path{};
    if (fd_ < 0 || ::fstat(fd_, &held) != 0 || held.st_nlink == 0) return false;
    return ::stat(path_.c_str(), &at_path) == 0 && at_path.st_dev == device_ && at_path.st_ino == inode_;
}

}  // namespace kiosk
