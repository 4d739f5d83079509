import Foundation
@testable import Projections
import SampleDomain
import Testing

/// `RowStore` behaves as a value, whether its rows are allocated or mapped from a file.
@Suite("RowStore")
struct RowStoreTests {
    static func row(_ n: UInt64) -> SampleTable.StoredRow {
        SampleTable.StoredRow(id: SampleID(high: n, low: ~n), createdAt: Int64(n), submitAt: 1 << 40, nyckelAt: 0,
                              labelID: 0, functionID: -1, labelType: .grade, status: .submitted, hasScan: false,
                              hasCrop: false, live: true)
    }

    @Test func copiesDoNotShareWrites() {
        var a = RowStore()
        for n in 0..<100 { a.append(Self.row(UInt64(n))) }
        var b = a
        b[5].labelID = 9
        b.append(Self.row(100))
        #expect(a[5].labelID == 0 && b[5].labelID == 9)
        #expect(a.count == 100 && b.count == 101)
        #expect(a.map(\.createdAt) == (0..<100).map { Int64($0) })
    }

    @Test func mappedRowsAreReadWrittenAndGrownWithoutTouchingTheFile() throws {
        let rows = (0..<300).map { Self.row(UInt64($0)) }
        var file = [UInt8](repeating: 0xAB, count: 4096)
        rows.withUnsafeBytes { file += $0 }
        file += [UInt8](repeating: 0xCD, count: 100)  // what follows the rows in a real checkpoint
        let path = NSTemporaryDirectory() + "rowstore-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(file).write(to: URL(fileURLWithPath: path))
        var mapped = try #require(RowStore.mapping(path, fileOffset: 4096, count: 300, headroom: 10))
        #expect(Array(mapped.map(\.id)) == rows.map(\.id))
        let before = mapped
        mapped[0].status = .accepted
        for n in 300..<400 { mapped.append(Self.row(UInt64(n))) }  // past the headroom: moves to the heap
        #expect(mapped.count == 400 && mapped[0].status == .accepted && mapped[399].createdAt == 399)
        #expect(before.count == 300 && before[0].status == .submitted)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == file)
        #expect(RowStore.mapping(path, fileOffset: 100, count: 300, headroom: 0)?.count == nil)  // not page-aligned
    }
}
