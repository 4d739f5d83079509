#if canImport(Glibc)
import Glibc
#endif

// The bottom layer: free functions that only call libc, one per system call the engine uses.
// Nothing here interprets errors; see `check` (Errno.swift) and `FileDescriptor`.
// This folder is the only place in tslog that calls the C library for system services: other
// modules use `FileDescriptor`, `PathOps`, `Directory`, `AtomicFile`, `MappedRegion` and
// `SystemProcess` (package access). To add a call, add its free function here, then a method.

func system_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

func system_close(_ fd: Int32) -> Int32 { close(fd) }

func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

func system_pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, _ offset: off_t) -> Int {
    pread(fd, buffer, count, offset)
}

func system_lseek(_ fd: Int32, _ offset: off_t, _ whence: Int32) -> off_t { lseek(fd, offset, whence) }

func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

func system_pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ offset: off_t) -> Int {
    pwrite(fd, buffer, count, offset)
}

func system_fsync(_ fd: Int32) -> Int32 { fsync(fd) }

func system_fdatasync(_ fd: Int32) -> Int32 { fdatasync(fd) }

func system_ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { ftruncate(fd, length) }

func system_flock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }

func system_fstat(_ fd: Int32, _ buffer: UnsafeMutablePointer<stat>) -> Int32 { fstat(fd, buffer) }

func system_lstat(_ path: UnsafePointer<CChar>, _ buffer: UnsafeMutablePointer<stat>) -> Int32 { lstat(path, buffer) }

func system_stat(_ path: UnsafePointer<CChar>, _ buffer: UnsafeMutablePointer<stat>) -> Int32 { stat(path, buffer) }

func system_unlink(_ path: UnsafePointer<CChar>) -> Int32 { unlink(path) }

func system_rmdir(_ path: UnsafePointer<CChar>) -> Int32 { rmdir(path) }

func system_rename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { rename(from, to) }

func system_mkdir(_ path: UnsafePointer<CChar>, _ mode: mode_t) -> Int32 { mkdir(path, mode) }

func system_opendir(_ path: UnsafePointer<CChar>) -> OpaquePointer? { opendir(path) }

func system_readdir(_ dir: OpaquePointer) -> UnsafeMutablePointer<dirent>? { readdir(dir) }

func system_closedir(_ dir: OpaquePointer) -> Int32 { closedir(dir) }

func system_mmap(_ address: UnsafeMutableRawPointer?, _ length: Int, _ protection: Int32, _ flags: Int32,
                 _ fd: Int32, _ offset: off_t) -> UnsafeMutableRawPointer? {
    mmap(address, length, protection, flags, fd, offset)
}

func system_munmap(_ address: UnsafeMutableRawPointer?, _ length: Int) -> Int32 { munmap(address, length) }

func system_getpid() -> Int32 { getpid() }

func system_isatty(_ fd: Int32) -> Int32 { isatty(fd) }

func system_ioctl_winsize(_ fd: Int32, _ size: UnsafeMutablePointer<winsize>) -> Int32 { ioctl(fd, UInt(TIOCGWINSZ), size) }

func system_clock_gettime(_ clock: clockid_t, _ time: UnsafeMutablePointer<timespec>) -> Int32 { clock_gettime(clock, time) }

func system_nanosleep(_ request: UnsafePointer<timespec>, _ remaining: UnsafeMutablePointer<timespec>?) -> Int32 {
    nanosleep(request, remaining)
}

func system_sysconf(_ name: Int32) -> Int { sysconf(name) }

func system_ignore_sigpipe() { _ = signal(SIGPIPE, SIG_IGN) }

func system_ignore_sigxfsz() { _ = signal(SIGXFSZ, SIG_IGN) }

func system_getrlimit_nofile(_ limit: UnsafeMutablePointer<rlimit>) -> Int32 {
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), limit)
}

func system_kill(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }

func system_realpath(_ path: UnsafePointer<CChar>) -> UnsafeMutablePointer<CChar>? { realpath(path, nil) }

func system_free(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }
