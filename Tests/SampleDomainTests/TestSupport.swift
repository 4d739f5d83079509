import EventLog
@testable import SampleDomain

enum Fixture {
    static let idText = "0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"
    static let id = SampleID(idText)!
    static let otherID = SampleID("11111111-2222-4333-8444-555555555555")!
    static let time = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!

    /// A valid `sample.submitted` line with `extra` members appended (`extra` starts with a comma).
    static func submitted(_ extra: String = "", id: String = idText) -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"https://cdn.example/a.jpg","image_path":"training-data/a.jpg","label":"heavy_wear","label_type":"grade"\#(extra)}"#
    }

    /// A line of `type` for the fixture sample with the given members (`members` starts with a comma or is empty).
    static func line(_ type: String, _ members: String = "", id: String = idText) -> String {
        #"{"type":"\#(type)","sample_id":"\#(id)"\#(members)}"#
    }

    /// The `InputError` description for `text`, or "accepted" when it parses.
    static func outcome(_ text: String, line: Int = 1) -> String {
        switch InputParser.parse(text, lineNumber: line) {
        case .success: "accepted"
        case .failure(let e): e.description
        }
    }

    static func event(_ text: String) throws -> InputEvent {
        try InputParser.parse(text, lineNumber: 1).get()
    }
}

/// Seeded random values for round-trip and fuzz tests.
extension SplitMix64 {
    static let alphabet: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{1}", "\u{7F}",
                                     "é", "您", "好", "🙂", "'", ",", "{", "}", ":", "\u{2028}", "\u{85}"]

    mutating func string(maxLength: Int = 12, allowEmpty: Bool = true) -> String {
        let n = Int.random(in: (allowEmpty ? 0 : 1)...maxLength, using: &self)
        var s = ""
        for _ in 0..<n { s += SplitMix64.alphabet.randomElement(using: &self)! }
        return s
    }

    mutating func maybe<T>(_ make: (inout SplitMix64) -> T) -> T? {
        Bool.random(using: &self) ? make(&self) : nil
    }

    mutating func sampleID() -> SampleID { SampleID(high: next(), low: next()) }

    mutating func timestamp() -> Timestamp {
        Timestamp(microseconds: Int64.random(in: Timestamp.minimum.microseconds...Timestamp.maximum.microseconds, using: &self))
    }

    mutating func double() -> Double {
        switch Int.random(in: 0..<4, using: &self) {
        case 0: Double(Int.random(in: 0...4000, using: &self))
        case 1: Double.random(in: 0...1, using: &self)
        case 2: Double.random(in: 0...1e300, using: &self)
        default: Double(Int.random(in: 0...100, using: &self)) + 0.5
        }
    }

    mutating func event() -> SampleEvent {
        let body: EventBody
        switch Int.random(in: 0..<8, using: &self) {
        case 0:
            body = .submitted(SampleSubmitted(
                imageURL: string(), imagePath: string(), label: string(), labelType: LabelType.allCases.randomElement(using: &self)!,
                nyckelFunctionID: maybe { $0.string() }, sourceScanID: maybe { $0.string() }, regionName: maybe { $0.string() },
                cropData: maybe { CropData(x: $0.double(), y: $0.double(), width: $0.double(), height: $0.double()) },
                imageWidth: maybe { Int64.random(in: 0...Int64.max, using: &$0) },
                imageHeight: maybe { Int64.random(in: 0...5000, using: &$0) },
                fileSizeBytes: maybe { Int64.random(in: 0...Int64.max, using: &$0) }))
        case 1:
            body = .responded(NyckelResponded(status: ResponseStatus.allCases.randomElement(using: &self)!,
                                              nyckelSampleID: maybe { $0.string() }, error: maybe { $0.string() }))
        case 2:
            body = .resubmitted(NyckelResubmitted(nyckelFunctionID: maybe { $0.string() }))
        case 3:
            body = .relabeled(SampleRelabeled(label: string(), labelType: maybe { LabelType.allCases.randomElement(using: &$0)! },
                                              reason: maybe { $0.string() }, actor: maybe { $0.string() }))
        case 5:
            let hex = Array("0123456789abcdef")
            body = .imageFetched(ImageFetched(
                url: string(allowEmpty: false), sha256: String((0..<64).map { _ in hex.randomElement(using: &self)! }),
                bytes: Int64.random(in: 0...Int64.max, using: &self), format: ImageFormat.allCases.randomElement(using: &self)!,
                width: Int64.random(in: 0...Int64(Int32.max), using: &self), height: Int64.random(in: 0...5000, using: &self),
                contentType: maybe { $0.string() }))
        case 7:
            let clear = SampleColumns(rawValue: UInt16.random(in: 0...UInt16.max, using: &self) & SampleColumns.clearable.rawValue)
            var u = SampleUpdated(
                imageURL: maybe { $0.string(allowEmpty: false) }, imagePath: maybe { $0.string(allowEmpty: false) },
                nyckelFunctionID: maybe { $0.string() }, nyckelSampleID: maybe { $0.string() },
                sourceScanID: maybe { $0.string() }, regionName: maybe { $0.string() },
                cropData: maybe { CropData(x: $0.double(), y: $0.double(), width: $0.double(), height: $0.double()) },
                imageWidth: maybe { Int64.random(in: 0...Int64.max, using: &$0) },
                imageHeight: maybe { Int64.random(in: 0...5000, using: &$0) },
                fileSizeBytes: maybe { Int64.random(in: 0...Int64.max, using: &$0) },
                reason: maybe { $0.string() }, actor: maybe { $0.string() })
            // A valid update: something changes, and no column is both set and cleared.
            let cleared = clear.subtracting(u.sets)
            u.clear = cleared.isEmpty ? nil : cleared
            if u.changes.isEmpty { u.imageWidth = 0 }
            body = .updated(u)
        case 6:
            body = .imageFetchFailed(ImageFetchFailed(url: string(allowEmpty: false), reason: string(allowEmpty: false),
                                                      httpStatus: maybe { Int64.random(in: 100...599, using: &$0) }))
        default:
            body = .deleted(SampleDeleted(reason: maybe { $0.string() }, actor: maybe { $0.string() }))
        }
        return SampleEvent(sampleID: sampleID(), occurredAt: timestamp(), body: body)
    }
}
