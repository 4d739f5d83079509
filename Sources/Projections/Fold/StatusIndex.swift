import SampleDomain

/// The slots of the live rows in each Nyckel status.
///
/// Feeds `failed`, `problems`, `accepted` and the status counts. Each slot remembers its position
/// in its status list, so moving a row between statuses is a swap-remove and an append.
struct StatusIndex: RowProjection {
    /// `members[status.ordinal]`: slots in no particular order.
    private(set) var members: [[Int32]] = [[], [], [], []]
    /// `position[slot]`: where the slot sits in its status list.
    private(set) var position: [Int32] = []

    init() {}

    /// The index a checkpoint stored (`members`, `position`).
    init(members: [[Int32]], position: [Int32]) {
        self.members = members
        self.position = position
    }

    mutating func apply(_ change: RowChange) {
        if let b = change.before, let a = change.after, b.status == a.status { return }
        if let b = change.before { remove(b.slot, b.status.ordinal) }
        if let a = change.after { add(a.slot, a.status.ordinal) }
    }

    private mutating func add(_ slot: Int32, _ status: Int) {
        let s = Int(slot)
        while s >= position.count { position.append(-1) }
        position[s] = Int32(members[status].count)
        members[status].append(slot)
    }

    private mutating func remove(_ slot: Int32, _ status: Int) {
        let at = Int(position[Int(slot)])
        let last = members[status].removeLast()
        if last != slot {
            members[status][at] = last
            position[Int(last)] = Int32(at)
        }
        position[Int(slot)] = -1
    }

    func slots(_ status: NyckelStatus) -> [Int32] { members[status.ordinal] }
    func count(_ status: NyckelStatus) -> Int { members[status.ordinal].count }
}
