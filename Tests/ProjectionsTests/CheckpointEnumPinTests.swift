import Testing
@testable import Projections
import SampleDomain

/// A checkpoint stores enums as numbers: `SampleTable.StoredRow` keeps `LabelType` and
/// `NyckelStatus` as their in-memory tags (rows are stored as laid out in memory), and the
/// status lists and label counters are indexed by their `ordinal`. The row layout check does not
/// see a reordered or renamed case, so this pin does: changing a stored enum's cases, their
/// order or their raw values must come with a new `ProjectionSet.foldVersion` and its own pin here.
@Suite("Checkpoints: stored enums are pinned to the fold version")
struct CheckpointEnumPinTests {
    /// Per fold version: each stored enum's raw values in stored order (number 0 first).
    static let pins: [UInt32: (labelTypes: [String], statuses: [String])] = [
        3: (["defect", "region", "grade"], ["submitted", "accepted", "rejected", "error"]),
        4: (["defect", "region", "grade"], ["submitted", "accepted", "rejected", "error"]),
        5: (["defect", "region", "grade"], ["submitted", "accepted", "rejected", "error"]),
        6: (["defect", "region", "grade"], ["submitted", "accepted", "rejected", "error"]),
    ]

    @Test("the stored enums are what this fold version stores")
    func storedEnumsMatchTheFoldVersion() throws {
        let pin = try #require(Self.pins[ProjectionSet.foldVersion],
                               "fold version \(ProjectionSet.foldVersion) has no pin: add how it stores LabelType and NyckelStatus")
        #expect(LabelType.allCases.map(\.rawValue) == pin.labelTypes,
                "LabelType changed: bump ProjectionSet.foldVersion and pin the new order")
        #expect(NyckelStatus.allCases.map(\.rawValue) == pin.statuses,
                "NyckelStatus changed: bump ProjectionSet.foldVersion and pin the new order")
    }

    @Test("the numbers stored are the positions in the pin")
    func storedNumbers() {
        for (n, type) in LabelType.allCases.enumerated() {
            #expect(type.ordinal == n)
            #expect(withUnsafeBytes(of: type) { Int($0[0]) } == n, "the in-memory tag a row stores")
        }
        for (n, status) in NyckelStatus.allCases.enumerated() {
            #expect(status.ordinal == n)
            #expect(withUnsafeBytes(of: status) { Int($0[0]) } == n, "the in-memory tag a row stores")
        }
        #expect(MemoryLayout<LabelType>.size == 1 && MemoryLayout<NyckelStatus>.size == 1)
    }
}
