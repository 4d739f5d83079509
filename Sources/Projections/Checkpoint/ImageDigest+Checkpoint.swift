import EventLog
import SampleDomain

extension ProjectionSet {
    /// The image facts' section (fold version 6): the distinct SHA-256s (32 bytes each, and the
    /// few odd texts), each sample's last fetch, each digest's holders in order, the failures, the
    /// mismatches, then the event count, segments and the unplaced flag.
    func writeImages(_ w: inout ByteWriter) {
        let table = images.table
        w.u64(UInt64(table.count))
        for value in table.values { w.u64(value.w0); w.u64(value.w1); w.u64(value.w2); w.u64(value.w3) }
        w.u32(UInt32(table.oddTexts.count))
        for (n, text) in table.oddTexts.sorted(by: { $0.key < $1.key }) { w.i32(n); w.string(text) }
        w.u64(UInt64(images.fetched.count))
        for (id, f) in images.fetched {
            w.u64(id.high); w.u64(id.low); w.i32(f.digest)
            w.u8(UInt8(ImageFormat.allCases.firstIndex(of: f.format)!))
            w.i64(f.width); w.i64(f.height); w.i64(f.bytes)
        }
        // Holders: per digest, a count, then the ids in order.
        w.array(table.holders.map { UInt32($0.ids.count) })
        for holders in table.holders {
            for id in holders.ids { w.u64(id.high); w.u64(id.low) }
        }
        w.u64(UInt64(images.failures.count))
        for (id, f) in images.failures {
            w.u64(id.high); w.u64(id.low)
            w.string(f.url); w.string(f.reason)
            w.u8(f.httpStatus == nil ? 0 : 1); w.i64(f.httpStatus ?? 0)
        }
        w.u64(UInt64(images.mismatched.count))
        for id in images.mismatched { w.u64(id.high); w.u64(id.low) }
        w.u64(UInt64(images.events))
        w.array(images.segments.sorted())
        w.u8(images.unplaced ? 1 : 0)
    }

    /// Reads what `writeImages` wrote, checking that every number and count fits.
    static func readImages(_ r: inout ByteReader, seq: UInt64) throws -> ImageDigest {
        let digestCount = try r.u64()
        guard digestCount <= UInt64(r.remaining / 32) else { throw ImagesInvalid("digest count \(digestCount) is larger than the body") }
        var values: [SHA256Value] = []
        values.reserveCapacity(Int(digestCount))
        for _ in 0..<digestCount {
            values.append(SHA256Value(w0: try r.u64(), w1: try r.u64(), w2: try r.u64(), w3: try r.u64()))
        }
        let oddCount = try r.u32()
        guard oddCount <= UInt32(min(digestCount, UInt64(r.remaining / 8))) else { throw ImagesInvalid("odd digest count does not fit") }
        var odd: [Int32: String] = [:]
        for _ in 0..<oddCount {
            let n = try r.i32()
            let text = try r.string()
            guard n >= 0, UInt64(n) < digestCount, odd.updateValue(text, forKey: n) == nil, SHA256Value(hex: text) == nil else {
                throw ImagesInvalid("an odd digest does not fit")
            }
        }
        let fetchCount = try r.u64()
        guard fetchCount <= UInt64(r.remaining / 45) else { throw ImagesInvalid("image count \(fetchCount) is larger than the body") }
        var fetched: [SampleID: ImageDigest.Fetched] = [:]
        fetched.reserveCapacity(Int(fetchCount))
        let formats = ImageFormat.allCases
        for _ in 0..<fetchCount {
            let id = SampleID(high: try r.u64(), low: try r.u64())
            let n = try r.i32(), format = try r.u8()
            let width = try r.i64(), height = try r.i64(), bytes = try r.i64()
            guard n >= 0, UInt64(n) < digestCount, Int(format) < formats.count, width >= -1, height >= -1, bytes >= -1,
                  fetched.updateValue(ImageDigest.Fetched(digest: n, format: formats[Int(format)], width: width, height: height, bytes: bytes),
                                      forKey: id) == nil else {
                throw ImagesInvalid("an image entry does not fit")
            }
        }
        let counts = try r.array(UInt32.self)
        guard counts.count == Int(digestCount), counts.reduce(0, { $0 + Int($1) }) == fetched.count else {
            throw ImagesInvalid("holders do not match the images")
        }
        var holders: [ImageDigestTable.Holders] = []
        holders.reserveCapacity(counts.count)
        for (n, count) in counts.enumerated() {
            var ids: [SampleID] = []
            ids.reserveCapacity(Int(count))
            for _ in 0..<count {
                let id = SampleID(high: try r.u64(), low: try r.u64())
                guard fetched[id]?.digest == Int32(n) else { throw ImagesInvalid("a holder does not hold its digest") }
                ids.append(id)
            }
            holders.append(ids.isEmpty ? .none : ids.count == 1 ? .one(ids[0]) : .many(ids))
        }
        let failureCount = try r.u64()
        guard failureCount <= UInt64(r.remaining / 33) else { throw ImagesInvalid("failure count \(failureCount) is larger than the body") }
        var failures: [SampleID: ImageFetchFailed] = [:]
        for _ in 0..<failureCount {
            let id = SampleID(high: try r.u64(), low: try r.u64())
            let url = try r.string(), reason = try r.string()
            let hasStatus = try r.u8(), status = try r.i64()
            guard hasStatus <= 1, failures.updateValue(ImageFetchFailed(url: url, reason: reason, httpStatus: hasStatus == 1 ? status : nil),
                                                       forKey: id) == nil else {
                throw ImagesInvalid("a failure does not fit")
            }
        }
        let mismatchCount = try r.u64()
        guard mismatchCount <= UInt64(fetched.count) else { throw ImagesInvalid("more mismatches than images") }
        var mismatched = Set<SampleID>()
        for _ in 0..<mismatchCount {
            let id = SampleID(high: try r.u64(), low: try r.u64())
            guard fetched[id] != nil, mismatched.insert(id).inserted else { throw ImagesInvalid("a mismatch does not fit") }
        }
        let events = try r.u64()
        guard events >= UInt64(fetched.count), events <= seq else { throw ImagesInvalid("image event count \(events) does not fit") }
        let segments = try r.array(UInt64.self)
        let unplaced = try r.u8()
        guard segments.allSatisfy({ $0 >= 1 && $0 <= seq }), Set(segments).count == segments.count, unplaced <= 1,
              events == 0 || !segments.isEmpty || unplaced == 1 else { throw ImagesInvalid("image segments do not fit") }
        let table: ImageDigestTable
        do { table = try ImageDigestTable(values: values, oddTexts: odd, holders: holders) } catch {
            throw ImagesInvalid("image digests repeat")
        }
        return ImageDigest(table: table, fetched: fetched, failures: failures, mismatched: mismatched,
                           events: Int(events), segments: Set(segments), unplaced: unplaced == 1)
    }
}

/// Why a checkpoint's image facts cannot be restored.
private struct ImagesInvalid: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = "checkpoint " + message }
}
