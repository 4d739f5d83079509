#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timing, medians and the process's peak memory.
enum Measure {
    /// Monotonic seconds.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Seconds `body` took, and what it returned.
    static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = now()
        let value = try body()
        return (now() - start, value)
    }

    /// Runs `body` `runs` times after one warm-up run; returns the median seconds and the last result.
    static func median<T>(runs: Int, warmUp: Bool = true, _ body: () throws -> T) rethrows -> (seconds: Double, all: [Double], value: T) {
        if warmUp { _ = try body() }
        var times: [Double] = []
        var last: T? = nil
        for _ in 0..<max(runs, 1) {
            let (s, v) = try time(body)
            times.append(s)
            last = v
        }
        guard let last else { preconditionFailure("runs >= 1") }
        return (median(times), times, last)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Peak resident set of this process so far, in bytes: `VmHWM` of /proc/self/status.
    /// (Not `getrusage`: on Linux its ru_maxrss survives exec, so a child would report its parent's peak.)
    static func peakRSS() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let digits = text.filter(\.isNumber)
                return (Int(digits) ?? 0) * 1024
            }
        }
        return 0
    }

    /// Total bytes of the segment files in `directory`.
    static func logBytes(_ directory: String) -> Int {
        guard let dir = opendir(directory) else { return 0 }
        defer { closedir(dir) }
        var total = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".jsonl") else { continue }
            var st = stat()
            if stat(directory + "/" + name, &st) == 0 { total += Int(st.st_size) }
        }
        return total
    }
}

/// Aligned report lines: `name ..... value  unit  (detail)`.
struct Report {
    private(set) var lines: [String] = []

    mutating func section(_ title: String) { lines.append(""); lines.append(title) }

    mutating func row(_ name: String, _ value: String, _ detail: String = "") {
        let label = "  " + name + String(repeating: " ", count: max(1, 34 - name.count))
        let number = String(repeating: " ", count: max(0, 14 - value.count)) + value
        lines.append(label + number + (detail.isEmpty ? "" : "   " + detail))
    }

    static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if digits == 0 { text = String(text[..<dot]) } else if decimals < digits {
                text += String(repeating: "0", count: digits - decimals)
            }
        }
        return grouped(text)
    }

    /// 1234567.8 → 1,234,567.8
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var out = ""
        for (n, c) in integer.reversed().enumerated() {
            if n > 0, n % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (negative ? "-" : "") + String(out.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func ms(_ seconds: Double) -> String { fixed(seconds * 1000, 1) }
    static func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) }
}
