import EventLog
import SampleDomain

/// `--split train=80,validation=10,test=10`: named parts with weights, and the part a sample
/// belongs to — a pure function of its id.
///
/// The part is chosen by the first 8 bytes of SHA-256(`"tslog-split-v1:" + id`), read big-endian,
/// modulo the total weight, against the parts' cumulative weights in the order given. Nothing
/// else enters: not the log position, not the other samples, not time. So a sample keeps its
/// part as the log grows, across as-of points and tags, on every machine. Frozen: changing the
/// seed or the rule would move samples between train and test.
public struct DatasetSplit: Equatable, Sendable {
    public struct Part: Equatable, Sendable {
        public var name: String
        public var weight: Int
    }

    public let parts: [Part]

    /// Parses `name=weight,…`: names of `a-z A-Z 0-9 _ -`, distinct; weights whole numbers ≥ 0
    /// summing to more than 0. Throws a message naming what is wrong.
    public init(parsing text: String) throws(DatasetSplitError) {
        var parts: [Part] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, let weight = Int(pair[1]), weight >= 0, weight <= 1_000_000 else {
                throw DatasetSplitError("'\(piece)' is not NAME=WEIGHT with a whole-number weight")
            }
            let name = String(pair[0])
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isNameByte) else {
                throw DatasetSplitError("split name '\(name)' must be letters, digits, '_' or '-'")
            }
            guard !parts.contains(where: { $0.name == name }) else { throw DatasetSplitError("split name '\(name)' is given twice") }
            parts.append(Part(name: name, weight: weight))
        }
        guard parts.reduce(0, { $0 + $1.weight }) > 0 else { throw DatasetSplitError("the split weights add up to 0") }
        self.parts = parts
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    /// The name of the part `id` belongs to.
    public func part(of id: SampleID) -> String {
        let digest = SHA256.hash(Array("tslog-split-v1:\(id.description)".utf8))
        var v: UInt64 = 0
        for b in digest.prefix(8) { v = v << 8 | UInt64(b) }
        let total = UInt64(parts.reduce(0) { $0 + $1.weight })
        var point = v % total
        for part in parts {
            if point < UInt64(part.weight) { return part.name }
            point -= UInt64(part.weight)
        }
        return parts[parts.count - 1].name
    }
}

/// Why a `--split` value was refused.
public struct DatasetSplitError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
