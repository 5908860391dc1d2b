// Room that is always there: a file of reserved bytes beside the database. When the filesystem is
// full, the store gives it back a step at a time, so a rating the citizen was told is saved can still
// be written; when space returns, the file grows back. Sizing: docs/storage.md.
#pragma once
#include <cstdint>
#include <string>

namespace kiosk {

class DiskReserve {
  public:
    static constexpr std::int64_t step_bytes = 1 << 20;  // what one release gives back

    // Takes the file at `path` as it is (a restart keeps what was left); call top_up() to grow it.
    DiskReserve(std::string path, std::int64_t target_bytes);

    // Grows the file toward its target as far as the disk allows; returns false if it stays short.
    bool top_up();
    // Gives back one step; false when nothing is left to give.
    bool release_step();

    std::int64_t size() const { return size_; }
    std::int64_t target() const { return target_; }
    bool low() const { return size_ < target_ / 4; }

  private:
    std::string path_;
    std::int64_t target_;
    std::int64_t size_ = 0;
};

// Bytes the kiosk user may still write on the filesystem holding `path` (0 when unknown).
std::int64_t free_bytes_at(const std::string& path);

}  // namespace kiosk
