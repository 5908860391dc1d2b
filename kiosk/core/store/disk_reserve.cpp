#include "disk_reserve.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>

namespace kiosk {

DiskReserve::DiskReserve(std::string path, std::int64_t target_bytes)
    : path_(std::move(path)), target_(target_bytes) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) size_ = st.st_size;
}

bool DiskReserve::top_up() {
    if (size_ >= target_) return true;
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return false;
    // Whole steps, so a nearly full disk still gives what it has.
    while (size_ < target_) {
        std::int64_t next = std::min(target_, size_ + step_bytes);
        if (::posix_fallocate(fd, 0, next) != 0) break;
        size_ = next;
    }
    ::ftruncate(fd, size_);  // a failed fallocate may leave a partial tail
    ::fsync(fd);
    ::close(fd);
    return size_ >= target_;
}

bool DiskReserve::release_step() {
    if (size_ <= 0) return false;
    std::int64_t next = std::max<std::int64_t>(0, size_ - step_bytes);
    if (::truncate(path_.c_str(), next) != 0) return false;
    size_ = next;
    return true;
}

std::int64_t free_bytes_at(const std::string& path) {
    struct statvfs fs {};
    if (::statvfs(path.c_str(), &fs) != 0) return 0;
    return static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
}

}  // namespace kiosk
