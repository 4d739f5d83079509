/// A table from a random key to a value whose entries end on their own: after `idle` seconds
/// unused (every lookup is a use, so an entry in use slides on), after `lifetime` seconds
/// however much it is used, and, when more than `capacity` are held, the one unused longest
/// makes room for a new one.
///
/// No timer: an expired entry is removed when it is looked up, and every expired entry when one
/// is inserted, so the table never holds more than `capacity` entries nor keeps an expired one
/// past the next insert. Times are the caller's monotonic seconds (`Clock.now` in the server,
/// any numbers in a test), never the wall clock, which can jump. Not thread-safe: its owner
/// holds a lock.
struct ExpiringTable<Value> {
    /// An entry with the times its expiry is counted from.
    private struct Entry {
        var value: Value
        var created: Double
        var lastUsed: Double
    }

    let idle: Double
    let lifetime: Double
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(idle: Double, lifetime: Double, capacity: Int) {
        precondition(idle > 0 && lifetime > 0 && capacity > 0)
        self.idle = idle
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// How many entries are held, expired or not (an expired one until it is looked up or the
    /// next insert).
    var count: Int { entries.count }

    /// Adds `value` under `key`, created and last used `now`. First removes every expired entry,
    /// then, while the table is full, the entry unused longest.
    mutating func insert(_ key: String, _ value: Value, now: Double) {
        entries = entries.filter { !isExpired($0.value, now: now) }
        while entries.count >= capacity, let stalest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            entries.removeValue(forKey: stalest.key)
        }
        entries[key] = Entry(value: value, created: now, lastUsed: now)
    }

    /// The value under `key`, marked used `now`; nil when unknown or expired (an expired entry
    /// is removed).
    mutating func use(_ key: String, now: Double) -> Value? {
        guard var entry = entries[key] else { return nil }
        guard !isExpired(entry, now: now) else {
            entries.removeValue(forKey: key)
            return nil
        }
        entry.lastUsed = now
        entries[key] = entry
        return entry.value
    }

    /// Whether `key` is held and not expired `now`, without counting as a use (its idle time
    /// goes on) and without removing it: for a watcher that must not keep an entry alive.
    func isLive(_ key: String, now: Double) -> Bool {
        entries[key].map { !isExpired($0, now: now) } ?? false
    }

    /// Replaces the value under `key`, when it is held, without counting it as a use.
    mutating func replace(_ key: String, with value: Value) {
        entries[key]?.value = value
    }

    /// Removes `key`; its value, when it was held and not expired.
    @discardableResult
    mutating func remove(_ key: String, now: Double) -> Value? {
        guard let entry = entries.removeValue(forKey: key), !isExpired(entry, now: now) else { return nil }
        return entry.value
    }

    private func isExpired(_ entry: Entry, now: Double) -> Bool {
        now - entry.lastUsed > idle || now - entry.created > lifetime
    }
}
