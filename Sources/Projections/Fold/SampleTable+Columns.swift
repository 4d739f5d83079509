import Foundation
import EventLog
import SampleDomain

/// The wide columns of a row, read back from the log (or the inline side tables) on demand.
extension SampleTable {
    /// The columns a row's `sample.submitted` fixed for good, and its current `nyckel_sample_id`.
    struct WideColumns: Sendable {
        var submitted: SampleSubmitted
        var nyckelSampleID: String?
    }

    /// Why a row's wide columns could not be read back: the log changed under the reader.
    struct RowReadError: Error, CustomStringConvertible {
        var id: SampleID
        var location: RecordLocation
        var message: String
        var description: String {
            "cannot read back the row of sample \(id) from segment \(location.segmentFirstSeq), byte offset \(location.byteOffset): \(message)"
        }
    }

    /// The wide columns of the row in `slot`.
    /// - Complexity: one or two record reads (`RecordFetcher`) for a row folded from a log.
    func wideColumns(_ slot: Int32) throws -> WideColumns {
        try wideColumns(slot, using: fetcher)
    }

    /// `wideColumns(_:)`, reading located records through `fetcher`.
    func wideColumns(_ slot: Int32, using fetcher: RecordFetcher?) throws -> WideColumns {
        let r = rows[Int(slot)]
        var submitted: SampleSubmitted
        if r.submitAt == 0 {
            guard let inline = inlineSubmits[slot] else { preconditionFailure("row \(slot) has neither location nor inline columns") }
            submitted = inline
        } else {
            guard case .submitted(let s) = try event(at: r.submitAt, for: r.id, using: fetcher).body else {
                throw RowReadError(id: r.id, location: unpack(r.submitAt), message: "not a sample.submitted record")
            }
            submitted = s
        }
        var unused: String?
        for update in updates[slot] ?? [] {
            switch update {
            case .inline(let u): u.apply(to: &submitted, nyckelSampleID: &unused)
            case .located(let packed):
                guard case .updated(let u) = try event(at: packed, for: r.id, using: fetcher).body else {
                    throw RowReadError(id: r.id, location: unpack(packed), message: "not a sample.updated record")
                }
                u.apply(to: &submitted, nyckelSampleID: &unused)
            }
        }
        var nyckelID = inlineNyckelIDs[slot]
        if r.nyckelAt != 0 {
            switch try event(at: r.nyckelAt, for: r.id, using: fetcher).body {
            case .responded(let response): nyckelID = response.nyckelSampleID
            case .updated(let u): nyckelID = u.nyckelSampleID
            default:
                throw RowReadError(id: r.id, location: unpack(r.nyckelAt), message: "not a nyckel.responded or sample.updated record")
            }
        }
        return WideColumns(submitted: submitted, nyckelSampleID: nyckelID)
    }

    /// The event stored at a packed location, checked to be about `id`.
    private func event(at packed: UInt64, for id: SampleID, using fetcher: RecordFetcher?) throws -> SampleEvent {
        let location = unpack(packed)
        guard let fetcher else {
            throw RowReadError(id: id, location: location, message: "the table was not folded from a log")
        }
        let event = try fetcher.withRecord(at: location) { view in try PayloadCodec.decode(record: view) }
        guard event.sampleID == id else {
            throw RowReadError(id: id, location: location, message: "the record there is about sample \(event.sampleID)")
        }
        return event
    }

    /// The full row in a slot, reading its wide columns back.
    func readRow(at slot: Int32) throws -> SampleRow {
        try readRow(at: slot, using: fetcher)
    }

    /// `readRow(at:)`, reading located records through `fetcher`.
    func readRow(at slot: Int32, using fetcher: RecordFetcher?) throws -> SampleRow {
        row(at: slot, wide: try wideColumns(slot, using: fetcher))
    }

    /// The full row in a slot, given its wide columns.
    func row(at slot: Int32, wide: WideColumns) -> SampleRow {
        let r = rows[Int(slot)]
        let s = wide.submitted
        return SampleRow(
            id: r.id, createdAt: Timestamp(microseconds: r.createdAt), imageURL: s.imageURL,
            imagePath: s.imagePath, label: labels[r.labelID], labelType: r.labelType,
            nyckelFunctionID: r.functionID >= 0 ? functions[r.functionID] : nil,
            nyckelSampleID: wide.nyckelSampleID, status: r.status, sourceScanID: s.sourceScanID,
            regionName: s.regionName, cropData: s.cropData,
            imageWidth: s.imageWidth, imageHeight: s.imageHeight, fileSizeBytes: s.fileSizeBytes)
    }

    /// The full row in a slot. A log that no longer holds the records this table was folded
    /// from (changed under a running read) stops the process with the location named: the
    /// callers of this form cannot report errors. Prefer `readRow(at:)`.
    func row(at slot: Int32) -> SampleRow {
        do {
            return try readRow(at: slot)
        } catch {
            preconditionFailure("\(error)")
        }
    }
}

extension SampleTable {
    /// The wide columns of `slots`, in that order. Rows folded from a log are read back on two
    /// threads when there are many, each with its own `RecordFetcher` (so the reads do not queue
    /// on one lock): 20,000 slots or more by default, `twoThreadsFrom` or more when given (a
    /// streamed export reads in chunks smaller than that). Throws the error of the first slot,
    /// in order, that could not be read.
    func wideColumns(of slots: [Int32], twoThreadsFrom minimum: Int = 20_000) throws -> [WideColumns] {
        guard let fetcher, slots.count >= minimum else { return try slots.map { try wideColumns($0) } }
        let parts = 2
        let results = PartResults<WideColumns>(parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let own = RecordFetcher(directory: fetcher.directory)
            defer { own.close() }
            let range = (slots.count * part / parts)..<(slots.count * (part + 1) / parts)
            results.set(part, Result { try range.map { try wideColumns(slots[$0], using: own) } })
        }
        return try results.joined()
    }

    /// The full rows of `slots`, in that order, read back as `wideColumns(of:)` does; like
    /// `row(at:)`, a log changed under the reader stops the process.
    func readRows(_ slots: [Int32]) -> [SampleRow] {
        do {
            return zip(slots, try wideColumns(of: slots)).map { row(at: $0, wide: $1) }
        } catch {
            preconditionFailure("\(error)")
        }
    }
}

/// What each worker of `SampleTable.wideColumns(of:)` produced, by part.
private final class PartResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [Result<[Value], any Error>]

    init(_ count: Int) { parts = Array(repeating: .success([]), count: count) }

    func set(_ part: Int, _ result: Result<[Value], any Error>) {
        lock.lock()
        parts[part] = result
        lock.unlock()
    }

    /// Every part's values in order, or the first part's error.
    func joined() throws -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        var out: [Value] = []
        for part in parts { out.append(contentsOf: try part.get()) }
        return out
    }
}
