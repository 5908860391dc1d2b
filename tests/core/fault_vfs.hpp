// A disk for the store's tests that loses power, fills up or fails on demand, with no root and no
// mount: an SQLite VFS over the default "unix" one, SQLite's default while a FaultVfs object lives.
//
// As in SQLite's own crash tests, every write to a database, WAL or journal since that file's last
// sync is held in memory, the way the OS page cache holds it; reads see it, and only a sync puts it on
// the real file, which stands for the platter. A power cut then drops those writes, or tears them.
//
// Sections: installing · faults on demand · the power cut · a disk of limited size · counters
#pragma once
#include <sqlite3.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <string>

struct FaultVfsState;  // fault_vfs.cpp

class FaultVfs {
  public:
    // ---- installing ---------------------------------------------------------------------------------
    static constexpr const char* name = "kiosk-fault";

    // Registers the VFS and makes it SQLite's default until destroyed; the previous default then comes
    // back, and writes still held in memory go to the real files, as at a clean shutdown. One at a
    // time; every connection opened through it must be closed before it goes (declare it first).
    FaultVfs();
    ~FaultVfs();
    FaultVfs(const FaultVfs&) = delete;
    FaultVfs& operator=(const FaultVfs&) = delete;

    // ---- faults on demand ------------------------------------------------------------------------------
    // Faults hit the database, its WAL and its rollback journal; SQLite's temporary files are left alone.
    enum class Call { read, write, sync };
    static constexpr int until_cleared = INT_MAX;

    // The next `count` such calls do nothing and return `code`: SQLITE_FULL, SQLITE_IOERR_WRITE,
    // SQLITE_IOERR_FSYNC, SQLITE_IOERR_READ ... (errno is set to ENOSPC for SQLITE_FULL, else EIO).
    void fail_next(Call call, int count, int code);
    // The next `count` reads of a page (from the database file past page 1, or from the WAL) return it
    // scribbled over, as a disk handing back wrong bytes would; SQLite finds the damage itself and says
    // SQLITE_CORRUPT. (A VFS has no business returning SQLITE_CORRUPT: that is the b-tree's verdict.)
    void damage_next_page_reads(int count);
    void clear_faults();

    // ---- the power cut -------------------------------------------------------------------------------
    enum class Cut {
        drop,  // every unsynced write is lost
        tear,  // each 512-byte sector of the unsynced writes, and each truncate, reached the disk or not
    };
    // From now on every file open at the cut fails all I/O, and no file is deleted until they are all
    // closed (the program that held them is gone); the -shm files are removed, as a reboot would. Files
    // opened afterwards work: that is the next start.
    void power_cut(Cut how = Cut::drop, std::uint32_t seed = 0);
    // The power goes instead of the (`changes` + 1)-th write, truncate or sync from now on, so a test
    // can step through every point of a save.
    void power_cut_after(std::int64_t changes, Cut how = Cut::drop, std::uint32_t seed = 0);
    bool power_was_cut() const;
    std::int64_t bytes_unsynced_at_cut() const;  // what the last cut dropped or tore

    // ---- a disk of limited size ------------------------------------------------------------------------
    // The folder `dir` becomes a disk of `bytes`: its files take room by their size on disk plus what
    // is held in memory for them, and a write or -shm growth that needs more fails as a full
    // filesystem does (SQLITE_FULL; SQLITE_IOERR_SHMSIZE with errno ENOSPC). posix_fallocate() and
    // statvfs() in this test program see the same disk, so the store's reserve file grows only into
    // free room, and truncating it gives room back.
    void limit_disk(const std::string& dir, std::int64_t bytes);
    void fill_disk();                    // not one byte left, like a runaway log file would do
    void grow_disk(std::int64_t bytes);  // space returns
    std::int64_t free_disk_bytes() const;

    // ---- counters ------------------------------------------------------------------------------------
    std::int64_t changes() const;         // writes, truncates and syncs asked of SQLite's files so far
    std::int64_t unsynced_bytes() const;  // held in memory, lost if the power went now

  private:
    std::unique_ptr<FaultVfsState> state_;
};
