#if canImport(Glibc)
import Glibc
#endif

// The bottom layer: free functions that only call libc, one per system call the engine uses.
// Nothing here interprets errors; see `check` (Errno.swift) and `FileDescriptor`.

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

func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

func system_pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ offset: off_t) -> Int {
    pwrite(fd, buffer, count, offset)
}

func system_fsync(_ fd: Int32) -> Int32 { fsync(fd) }

func system_ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { ftruncate(fd, length) }

func system_flock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }

func system_fstat(_ fd: Int32, _ buffer: UnsafeMutablePointer<stat>) -> Int32 { fstat(fd, buffer) }

func system_unlink(_ path: UnsafePointer<CChar>) -> Int32 { unlink(path) }

func system_rename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { rename(from, to) }

func system_mkdir(_ path: UnsafePointer<CChar>, _ mode: mode_t) -> Int32 { mkdir(path, mode) }
