// The fault-injecting SQLite VFS behind FaultVfs (see fault_vfs.hpp), and the two libc calls the
// store's disk reserve makes outside SQLite, answered here for the limited disk.
//
// Sections: state · the page cache and the power cut · the limited disk · file methods · VFS methods ·
// FaultVfs · posix_fallocate() and statvfs()
#include "fault_vfs.hpp"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

// ---- state -------------------------------------------------------------------------------------------
namespace {

constexpr std::int64_t sector_bytes = 512;  // what a torn write keeps or loses as a whole

// One write or truncate the disk was not yet told to keep.
struct Change {
    std::int64_t offset = 0;  // where the bytes go; for a truncate, the new size
    std::string bytes;
    bool truncate = false;
};

struct OpenFile;

// What the OS page cache holds of one file, whichever handle wrote it: every change since its last sync.
struct PageCache {
    std::vector<Change> unsynced;
    std::vector<OpenFile*> handles;
};

struct Fault {
    int remaining = 0;
    int code = SQLITE_OK;
};

}  // namespace

struct FaultVfsState {
    sqlite3_vfs vfs{};
    sqlite3_vfs* real = nullptr;  // "unix"
    sqlite3_vfs* previous_default = nullptr;
    std::map<std::string, PageCache> caches;  // by path: the database, WAL and journal files
    std::uint64_t power_epoch = 0;            // counts the cuts; a file opened before the last one is dead
    int open_files = 0;
    int files_from_before_the_cut = 0;
    bool was_cut = false;
    std::int64_t bytes_unsynced_at_cut = 0;
    Fault faults[3];  // by FaultVfs::Call
    int damaged_page_reads = 0;
    std::int64_t changes_before_cut = -1;  // -1: no cut armed
    FaultVfs::Cut armed_cut = FaultVfs::Cut::drop;
    std::uint32_t armed_seed = 0;
    std::string disk_dir;  // empty: no size limit
    std::int64_t disk_bytes = 0;
    std::int64_t changes = 0;
};

namespace {

struct OpenFile {
    FaultVfsState* state = nullptr;
    sqlite3_file* real = nullptr;
    std::string path;
    int kind = 0;  // SQLITE_OPEN_MAIN_DB, _WAL or _MAIN_JOURNAL
    std::uint64_t power_epoch = 0;
    PageCache* cache = nullptr;  // null for SQLite's temporary files: passed through untouched
};

// What SQLite allocates szOsFile bytes for: our part, then the "unix" file it wraps.
struct Handle {
    sqlite3_file base;
    OpenFile* file;
};
constexpr std::size_t real_file_offset = (sizeof(Handle) + 15) / 16 * 16;

// SQLite may call from any thread; the tests' own calls take it too.
std::mutex vfs_mutex;
using Lock = std::lock_guard<std::mutex>;
FaultVfsState* installed = nullptr;  // for posix_fallocate() and statvfs() at the end

[[noreturn]] void die(const char* why) {
    std::fprintf(stderr, "FaultVfs: %s\n", why);
    std::abort();
}

FaultVfsState& state_of(sqlite3_vfs* vfs) { return *static_cast<FaultVfsState*>(vfs->pAppData); }
OpenFile& open_file(sqlite3_file* file) { return *reinterpret_cast<Handle*>(file)->file; }
bool from_before_the_cut(const OpenFile& f) { return f.power_epoch != f.state->power_epoch; }

// ---- the page cache and the power cut ------------------------------------------------------------------

std::int64_t size_after(std::int64_t size, const std::vector<Change>& changes) {
    for (const Change& c : changes)
        size = c.truncate ? c.offset : std::max<std::int64_t>(size, c.offset + std::ssize(c.bytes));
    return size;
}

std::int64_t real_size(const OpenFile& f) {
    sqlite3_int64 size = 0;
    f.real->pMethods->xFileSize(f.real, &size);
    return size;
}

std::int64_t size_on_disk(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

// Reads [offset, offset + amount) as the program sees it: the real file with the unsynced changes over it.
int read_through_cache(const OpenFile& f, unsigned char* out, int amount, std::int64_t offset) {
    int rc = f.real->pMethods->xRead(f.real, out, amount, offset);
    if ((rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) || f.cache->unsynced.empty()) return rc;
    std::int64_t end = offset + amount;
    std::int64_t size = real_size(f);
    for (const Change& c : f.cache->unsynced) {
        if (c.truncate) {
            std::int64_t from = std::max(offset, c.offset);  // bytes past the new end are gone
            if (from < end) std::memset(out + (from - offset), 0, static_cast<std::size_t>(end - from));
            size = c.offset;
            continue;
        }
        std::int64_t from = std::max(offset, c.offset);
        std::int64_t to = std::min(end, c.offset + std::ssize(c.bytes));
        if (from < to)
            std::memcpy(out + (from - offset), c.bytes.data() + (from - c.offset),
                        static_cast<std::size_t>(to - from));
        size = std::max(size, c.offset + std::ssize(c.bytes));
    }
    if (end <= size) return SQLITE_OK;
    std::int64_t from = std::max(offset, size);  // SQLite wants the missing tail zeroed
    std::memset(out + (from - offset), 0, static_cast<std::size_t>(end - from));
    return SQLITE_IOERR_SHORT_READ;
}

// Puts changes on the real file through an open handle when there is one, never by opening the file
// a second time: closing that second descriptor would drop the process's POSIX locks, SQLite's too.
int put_on_disk(const std::string& path, const PageCache& cache, const std::vector<Change>& changes,
                sqlite3_file* through = nullptr) {
    if (changes.empty()) return SQLITE_OK;
    if (!through && !cache.handles.empty()) through = cache.handles.front()->real;
    if (through) {
        for (const Change& c : changes) {
            int rc = c.truncate ? through->pMethods->xTruncate(through, c.offset)
                                : through->pMethods->xWrite(through, c.bytes.data(),
                                                            static_cast<int>(c.bytes.size()), c.offset);
            if (rc != SQLITE_OK) return rc;
        }
        return SQLITE_OK;
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return SQLITE_IOERR_WRITE;
    bool written = true;
    for (const Change& c : changes)
        written = written && (c.truncate ? ::ftruncate(fd, c.offset) == 0
                                         : ::pwrite(fd, c.bytes.data(), c.bytes.size(), c.offset) ==
                                               std::ssize(c.bytes));
    ::close(fd);
    return written ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

// What a torn write leaves: each 512-byte sector of each change, and each truncate, made it or not.
std::vector<Change> torn(const std::vector<Change>& changes, std::mt19937& random) {
    std::bernoulli_distribution made_it(0.5);
    std::vector<Change> kept;
    for (const Change& c : changes) {
        if (c.truncate) {
            if (made_it(random)) kept.push_back(c);
            continue;
        }
        std::int64_t end = c.offset + std::ssize(c.bytes);
        for (std::int64_t at = c.offset; at < end;) {
            std::int64_t next = std::min(end, (at / sector_bytes + 1) * sector_bytes);
            if (made_it(random))
                kept.push_back({at, c.bytes.substr(static_cast<std::size_t>(at - c.offset),
                                                   static_cast<std::size_t>(next - at))});
            at = next;
        }
    }
    return kept;
}

void cut_power(FaultVfsState& s, FaultVfs::Cut how, std::uint32_t seed) {
    std::mt19937 random(seed);
    s.bytes_unsynced_at_cut = 0;
    for (auto it = s.caches.begin(); it != s.caches.end();) {
        auto& [path, cache] = *it;
        for (const Change& c : cache.unsynced) s.bytes_unsynced_at_cut += std::ssize(c.bytes);
        if (how == FaultVfs::Cut::tear) put_on_disk(path, cache, torn(cache.unsynced, random));
        cache.unsynced.clear();
        // The wal-index lives in memory on a running machine; after a reboot it is rebuilt from the WAL.
        for (const OpenFile* f : cache.handles)
            if (f->kind == SQLITE_OPEN_MAIN_DB) ::unlink((path + "-shm").c_str());
        it = cache.handles.empty() ? s.caches.erase(it) : std::next(it);
    }
    ++s.power_epoch;
    s.files_from_before_the_cut = s.open_files;
    s.changes_before_cut = -1;
    s.was_cut = true;
}

// Counts a change; true when the power goes instead of it.
bool power_goes_now(FaultVfsState& s) {
    ++s.changes;
    if (s.changes_before_cut < 0) return false;
    if (s.changes_before_cut-- > 0) return false;
    cut_power(s, s.armed_cut, s.armed_seed);
    return true;
}

// The injected failure of `call` that is due, if any.
std::optional<int> injected(FaultVfsState& s, FaultVfs::Call call) {
    Fault& fault = s.faults[static_cast<int>(call)];
    if (fault.remaining <= 0) return std::nullopt;
    if (fault.remaining != FaultVfs::until_cleared) --fault.remaining;
    errno = (fault.code & 0xff) == SQLITE_FULL ? ENOSPC : EIO;  // what sqlite3_system_errno() reports
    return fault.code;
}

// A read of one whole page other than page 1 (whose damage SQLite reports as "not a database"): from
// the database file, or the page part of a WAL frame (24-byte frame header, then the page).
bool is_page_read(const OpenFile& f, int amount, std::int64_t offset) {
    if (amount < 512 || (amount & (amount - 1)) != 0) return false;  // WAL headers, whole frames in recovery
    if (f.kind == SQLITE_OPEN_MAIN_DB) return offset >= amount;
    if (f.kind != SQLITE_OPEN_WAL || offset < 32 + 24) return false;
    unsigned char frame_header[4];
    if (read_through_cache(f, frame_header, 4, offset - 24) != SQLITE_OK) return false;
    return (frame_header[0] | frame_header[1] | frame_header[2]) != 0 || frame_header[3] != 1;
}

// ---- the limited disk ------------------------------------------------------------------------------

bool on_limited_disk(const FaultVfsState& s, const std::string& path) {
    return !s.disk_dir.empty() && path.size() > s.disk_dir.size() &&
           path.compare(0, s.disk_dir.size(), s.disk_dir) == 0 && path[s.disk_dir.size()] == '/';
}

// The files in the folder by their size, plus what the page cache holds beyond it.
std::int64_t used_bytes(const FaultVfsState& s) {
    std::int64_t used = 0;
    if (DIR* dir = ::opendir(s.disk_dir.c_str())) {
        while (const dirent* entry = ::readdir(dir)) {
            struct stat st {};
            if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
                used += st.st_size;
        }
        ::closedir(dir);
    }
    for (const auto& [path, cache] : s.caches) {
        if (!on_limited_disk(s, path)) continue;
        std::int64_t on_disk = size_on_disk(path);
        used += std::max<std::int64_t>(0, size_after(on_disk, cache.unsynced) - on_disk);
    }
    return used;
}

bool has_room(const FaultVfsState& s, std::int64_t more_bytes) {
    return more_bytes <= 0 || used_bytes(s) + more_bytes <= s.disk_bytes;
}

// Whether the file may grow to hold [.., end): only growth past what it already takes needs room.
bool has_room_for_write(const OpenFile& f, std::int64_t end) {
    const FaultVfsState& s = *f.state;
    if (!on_limited_disk(s, f.path)) return true;
    std::int64_t on_disk = real_size(f);
    std::int64_t size = size_after(on_disk, f.cache->unsynced);
    if (end <= size) return true;
    return has_room(s, std::max<std::int64_t>(0, end - on_disk) - std::max<std::int64_t>(0, size - on_disk));
}

// ---- file methods ----------------------------------------------------------------------------------

int fault_close(sqlite3_file* file) {
    OpenFile* f = &open_file(file);
    {
        Lock lock(vfs_mutex);
        FaultVfsState& s = *f->state;
        --s.open_files;
        if (from_before_the_cut(*f)) --s.files_from_before_the_cut;
        if (f->cache) {
            std::erase(f->cache->handles, f);
            if (f->cache->handles.empty() && f->cache->unsynced.empty()) s.caches.erase(f->path);
        }
    }
    int rc = f->real->pMethods->xClose(f->real);
    delete f;
    return rc;
}

int fault_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    OpenFile& f = open_file(file);
    Lock lock(vfs_mutex);
    FaultVfsState& s = *f.state;
    if (from_before_the_cut(f)) return SQLITE_IOERR_READ;
    if (!f.cache) return f.real->pMethods->xRead(f.real, out, amount, offset);
    if (auto code = injected(s, FaultVfs::Call::read)) {
        std::memset(out, 0, static_cast<std::size_t>(amount));
        return *code;
    }
    auto* bytes = static_cast<unsigned char*>(out);
    int rc = read_through_cache(f, bytes, amount, offset);
    if (rc == SQLITE_OK && s.damaged_page_reads > 0 && is_page_read(f, amount, offset)) {
        if (s.damaged_page_reads != FaultVfs::until_cleared) --s.damaged_page_reads;
        std::memset(bytes, 0xff, static_cast<std::size_t>(amount));  // no valid b-tree page type is 0xff
    }
    return rc;
}

int fault_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    OpenFile& f = open_file(file);
    Lock lock(vfs_mutex);
    FaultVfsState& s = *f.state;
    if (from_before_the_cut(f)) return SQLITE_IOERR_WRITE;
    if (!f.cache) return f.real->pMethods->xWrite(f.real, data, amount, offset);
    if (power_goes_now(s)) return SQLITE_IOERR_WRITE;
    if (auto code = injected(s, FaultVfs::Call::write)) return *code;
    if (!has_room_for_write(f, offset + amount)) {
        errno = ENOSPC;
        return SQLITE_FULL;
    }
    f.cache->unsynced.push_back(
        {offset, std::string(static_cast<const char*>(data), static_cast<std::size_t>(amount))});
    return SQLITE_OK;
}

int fault_truncate(sqlite3_file* file, sqlite3_int64 size) {
    OpenFile& f = open_file(file);
    Lock lock(vfs_mutex);
    if (from_before_the_cut(f)) return SQLITE_IOERR_TRUNCATE;
    if (!f.cache) return f.real->pMethods->xTruncate(f.real, size);
    if (power_goes_now(*f.state)) return SQLITE_IOERR_TRUNCATE;
    f.cache->unsynced.push_back({size, {}, true});
    return SQLITE_OK;
}

int fault_sync(sqlite3_file* file, int flags) {
    OpenFile& f = open_file(file);
    Lock lock(vfs_mutex);
    FaultVfsState& s = *f.state;
    if (from_before_the_cut(f)) return SQLITE_IOERR_FSYNC;
    if (!f.cache) return f.real->pMethods->xSync(f.real, flags);
    if (power_goes_now(s)) return SQLITE_IOERR_FSYNC;
    if (auto code = injected(s, FaultVfs::Call::sync)) return *code;
    // No real fsync: the real machine keeps its power, so it would add only time.
    int rc = put_on_disk(f.path, *f.cache, f.cache->unsynced, f.real);
    if (rc == SQLITE_OK) f.cache->unsynced.clear();
    return rc;
}

int fault_file_size(sqlite3_file* file, sqlite3_int64* size) {
    OpenFile& f = open_file(file);
    Lock lock(vfs_mutex);
    if (from_before_the_cut(f)) return SQLITE_IOERR_FSTAT;
    int rc = f.real->pMethods->xFileSize(f.real, size);
    if (rc == SQLITE_OK && f.cache) *size = size_after(*size, f.cache->unsynced);
    return rc;
}

int fault_file_control(sqlite3_file* file, int op, void* arg) {
    // Hints that would grow the real file behind the page cache's back; both are optional.
    if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) return SQLITE_OK;
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xFileControl(real, op, arg);
}

int fault_shm_map(sqlite3_file* file, int region, int region_bytes, int extend, void volatile** out) {
    OpenFile& f = open_file(file);
    {
        Lock lock(vfs_mutex);
        const FaultVfsState& s = *f.state;
        if (extend && f.cache && on_limited_disk(s, f.path)) {
            std::int64_t wanted = std::int64_t{region + 1} * region_bytes;
            if (!has_room(s, wanted - size_on_disk(f.path + "-shm"))) {
                *out = nullptr;
                errno = ENOSPC;  // as the "unix" VFS leaves it when it cannot grow the -shm file
                return SQLITE_IOERR_SHMSIZE;
            }
        }
    }
    return f.real->pMethods->xShmMap(f.real, region, region_bytes, extend, out);
}

// The rest pass straight through: locks and shared memory work as on the real machine.
int fault_lock(sqlite3_file* file, int level) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xLock(real, level);
}
int fault_unlock(sqlite3_file* file, int level) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xUnlock(real, level);
}
int fault_check_reserved_lock(sqlite3_file* file, int* out) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xCheckReservedLock(real, out);
}
int fault_sector_size(sqlite3_file* file) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xSectorSize(real);
}
int fault_device_characteristics(sqlite3_file* file) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xDeviceCharacteristics(real);
}
int fault_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xShmLock(real, offset, n, flags);
}
void fault_shm_barrier(sqlite3_file* file) {
    sqlite3_file* real = open_file(file).real;
    real->pMethods->xShmBarrier(real);
}
int fault_shm_unmap(sqlite3_file* file, int delete_flag) {
    sqlite3_file* real = open_file(file).real;
    return real->pMethods->xShmUnmap(real, delete_flag);
}

// Version 2: shared memory, but no xFetch, so SQLite never maps a file around the page cache.
const sqlite3_io_methods fault_methods = {
    2,
    fault_close,
    fault_read,
    fault_write,
    fault_truncate,
    fault_sync,
    fault_file_size,
    fault_lock,
    fault_unlock,
    fault_check_reserved_lock,
    fault_file_control,
    fault_sector_size,
    fault_device_characteristics,
    fault_shm_map,
    fault_shm_lock,
    fault_shm_barrier,
    fault_shm_unmap,
    nullptr,
    nullptr,
};

// ---- VFS methods -----------------------------------------------------------------------------------

int fault_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    FaultVfsState& s = state_of(vfs);
    auto* handle = reinterpret_cast<Handle*>(file);
    auto* real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + real_file_offset);
    handle->base.pMethods = nullptr;
    real->pMethods = nullptr;
    int rc = s.real->xOpen(s.real, name, real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (real->pMethods) real->pMethods->xClose(real);
        return rc;
    }
    Lock lock(vfs_mutex);
    auto* f = new OpenFile{&s,
                           real,
                           name ? name : "",
                           flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL),
                           s.power_epoch,
                           nullptr};
    if (name && f->kind) {
        f->cache = &s.caches[f->path];
        f->cache->handles.push_back(f);
    }
    ++s.open_files;
    handle->file = f;
    handle->base.pMethods = &fault_methods;
    return SQLITE_OK;
}

int fault_delete(sqlite3_vfs* vfs, const char* name, int /*sync_dir: only time, see fault_sync*/) {
    FaultVfsState& s = state_of(vfs);
    {
        Lock lock(vfs_mutex);
        // The program that held files at the cut is gone: it must not tidy up (a hot journal, the WAL).
        if (s.files_from_before_the_cut > 0) return SQLITE_IOERR_DELETE;
        if (auto it = s.caches.find(name); it != s.caches.end()) {
            it->second.unsynced.clear();
            if (it->second.handles.empty()) s.caches.erase(it);
        }
    }
    return s.real->xDelete(s.real, name, 0);
}

int fault_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
    FaultVfsState& s = state_of(vfs);
    int rc = s.real->xAccess(s.real, name, flags, out);
    if (rc != SQLITE_OK || flags != SQLITE_ACCESS_EXISTS || *out) return rc;
    // "unix" calls an empty file absent; one whose first bytes are still in the page cache is not.
    Lock lock(vfs_mutex);
    auto it = s.caches.find(name);
    if (it != s.caches.end() && size_after(size_on_disk(name), it->second.unsynced) > 0) *out = 1;
    return SQLITE_OK;
}

sqlite3_vfs* real_of(sqlite3_vfs* vfs) { return state_of(vfs).real; }

int fault_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
    return real_of(vfs)->xFullPathname(real_of(vfs), name, size, out);
}
void* fault_dl_open(sqlite3_vfs* vfs, const char* name) { return real_of(vfs)->xDlOpen(real_of(vfs), name); }
void fault_dl_error(sqlite3_vfs* vfs, int size, char* out) {
    real_of(vfs)->xDlError(real_of(vfs), size, out);
}
void (*fault_dl_sym(sqlite3_vfs* vfs, void* library, const char* symbol))(void) {
    return real_of(vfs)->xDlSym(real_of(vfs), library, symbol);
}
void fault_dl_close(sqlite3_vfs* vfs, void* library) { real_of(vfs)->xDlClose(real_of(vfs), library); }
int fault_randomness(sqlite3_vfs* vfs, int size, char* out) {
    return real_of(vfs)->xRandomness(real_of(vfs), size, out);
}
int fault_sleep(sqlite3_vfs* vfs, int microseconds) {
    return real_of(vfs)->xSleep(real_of(vfs), microseconds);
}
int fault_current_time(sqlite3_vfs* vfs, double* out) {
    return real_of(vfs)->xCurrentTime(real_of(vfs), out);
}
int fault_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
    return real_of(vfs)->xGetLastError(real_of(vfs), size, out);
}
int fault_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
    return real_of(vfs)->xCurrentTimeInt64(real_of(vfs), out);
}
int fault_set_system_call(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
    return real_of(vfs)->xSetSystemCall(real_of(vfs), name, call);
}
sqlite3_syscall_ptr fault_get_system_call(sqlite3_vfs* vfs, const char* name) {
    return real_of(vfs)->xGetSystemCall(real_of(vfs), name);
}
const char* fault_next_system_call(sqlite3_vfs* vfs, const char* name) {
    return real_of(vfs)->xNextSystemCall(real_of(vfs), name);
}

std::string real_path(const std::string& path) {
    char out[PATH_MAX];
    return ::realpath(path.c_str(), out) ? std::string(out) : path;
}

}  // namespace

// ---- FaultVfs ----------------------------------------------------------------------------------------

FaultVfs::FaultVfs() : state_(std::make_unique<FaultVfsState>()) {
    Lock lock(vfs_mutex);
    if (installed) die("a FaultVfs is already installed; one at a time");
    FaultVfsState& s = *state_;
    s.real = sqlite3_vfs_find("unix");
    if (!s.real) die("SQLite has no \"unix\" VFS to wrap");
    s.previous_default = sqlite3_vfs_find(nullptr);
    sqlite3_vfs& v = s.vfs;
    v.iVersion = 3;
    v.szOsFile = static_cast<int>(real_file_offset) + s.real->szOsFile;
    v.mxPathname = s.real->mxPathname;
    v.zName = name;
    v.pAppData = &s;
    v.xOpen = fault_open;
    v.xDelete = fault_delete;
    v.xAccess = fault_access;
    v.xFullPathname = fault_full_pathname;
    v.xDlOpen = fault_dl_open;
    v.xDlError = fault_dl_error;
    v.xDlSym = fault_dl_sym;
    v.xDlClose = fault_dl_close;
    v.xRandomness = fault_randomness;
    v.xSleep = fault_sleep;
    v.xCurrentTime = fault_current_time;
    v.xGetLastError = fault_get_last_error;
    v.xCurrentTimeInt64 = fault_current_time_int64;
    v.xSetSystemCall = fault_set_system_call;
    v.xGetSystemCall = fault_get_system_call;
    v.xNextSystemCall = fault_next_system_call;
    if (sqlite3_vfs_register(&v, 1) != SQLITE_OK) die("SQLite refused to register the VFS");
    installed = &s;
}

FaultVfs::~FaultVfs() {
    Lock lock(vfs_mutex);
    FaultVfsState& s = *state_;
    if (s.open_files > 0)
        die("destroyed while SQLite still has files open through it; close the connections first");
    for (const auto& [path, cache] : s.caches) put_on_disk(path, cache, cache.unsynced);  // a clean shutdown
    sqlite3_vfs_unregister(&s.vfs);
    if (s.previous_default) sqlite3_vfs_register(s.previous_default, 1);
    installed = nullptr;
}

void FaultVfs::fail_next(Call call, int count, int code) {
    Lock lock(vfs_mutex);
    state_->faults[static_cast<int>(call)] = {count, code};
}

void FaultVfs::damage_next_page_reads(int count) {
    Lock lock(vfs_mutex);
    state_->damaged_page_reads = count;
}

void FaultVfs::clear_faults() {
    Lock lock(vfs_mutex);
    for (Fault& f : state_->faults) f = {};
    state_->damaged_page_reads = 0;
}

void FaultVfs::power_cut(Cut how, std::uint32_t seed) {
    Lock lock(vfs_mutex);
    cut_power(*state_, how, seed);
}

void FaultVfs::power_cut_after(std::int64_t changes, Cut how, std::uint32_t seed) {
    Lock lock(vfs_mutex);
    state_->changes_before_cut = changes;
    state_->armed_cut = how;
    state_->armed_seed = seed;
}

bool FaultVfs::power_was_cut() const {
    Lock lock(vfs_mutex);
    return state_->was_cut;
}

void FaultVfs::limit_disk(const std::string& dir, std::int64_t bytes) {
    Lock lock(vfs_mutex);
    state_->disk_dir = real_path(dir);
    state_->disk_bytes = bytes;
}

void FaultVfs::fill_disk() {
    Lock lock(vfs_mutex);
    state_->disk_bytes = used_bytes(*state_);
}

void FaultVfs::grow_disk(std::int64_t bytes) {
    Lock lock(vfs_mutex);
    state_->disk_bytes += bytes;
}

std::int64_t FaultVfs::free_disk_bytes() const {
    Lock lock(vfs_mutex);
    return std::max<std::int64_t>(0, state_->disk_bytes - used_bytes(*state_));
}

std::int64_t FaultVfs::bytes_unsynced_at_cut() const {
    Lock lock(vfs_mutex);
    return state_->bytes_unsynced_at_cut;
}

std::int64_t FaultVfs::changes() const {
    Lock lock(vfs_mutex);
    return state_->changes;
}

std::int64_t FaultVfs::unsynced_bytes() const {
    Lock lock(vfs_mutex);
    std::int64_t bytes = 0;
    for (const auto& [path, cache] : state_->caches)
        for (const Change& c : cache.unsynced) bytes += std::ssize(c.bytes);
    return bytes;
}

// ---- posix_fallocate() and statvfs() -----------------------------------------------------------------
// The store grows its reserve with posix_fallocate() and asks statvfs() for free space, outside SQLite.
// This test program defines both, so its own calls (and libstdc++'s) come here first: on the limited
// disk they answer for it, elsewhere they hand over to the C library's.

namespace {

template <class Function>
Function c_library(const char* symbol) {
    return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, symbol));
}

}  // namespace

extern "C" int posix_fallocate(int fd, off_t offset, off_t length) {
    static const auto next = c_library<int (*)(int, off_t, off_t)>("posix_fallocate");
    {
        Lock lock(vfs_mutex);
        if (installed && on_limited_disk(*installed, real_path("/proc/self/fd/" + std::to_string(fd)))) {
            struct stat st {};
            if (::fstat(fd, &st) != 0) return errno;
            if (!has_room(*installed, offset + length - st.st_size)) return ENOSPC;
        }
    }
    return next(fd, offset, length);
}

extern "C" int statvfs(const char* path, struct statvfs* out) noexcept {
    static const auto next = c_library<int (*)(const char*, struct statvfs*)>("statvfs");
    int rc = next(path, out);
    if (rc != 0) return rc;
    Lock lock(vfs_mutex);
    if (!installed || installed->disk_dir.empty()) return rc;
    std::string where = real_path(path);
    if (where != installed->disk_dir && !on_limited_disk(*installed, where)) return rc;
    auto block = static_cast<std::int64_t>(out->f_frsize);
    std::int64_t free = std::max<std::int64_t>(0, installed->disk_bytes - used_bytes(*installed));
    out->f_blocks = static_cast<fsblkcnt_t>(installed->disk_bytes / block);
    out->f_bfree = out->f_bavail = static_cast<fsblkcnt_t>(free / block);
    return rc;
}
