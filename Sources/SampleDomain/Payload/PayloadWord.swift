import EventLog

/// A vocabulary word a payload holds as a plain string (`label_type`, `status`), recognised by
/// its exact bytes.
///
/// Read for every submission and every response of a rebuild: each word type names its cases
/// by length and bytes, so no `String` and no array of the cases is made per read.
protocol PayloadWord: RawRepresentable where RawValue == String {
    /// The case whose raw value is exactly `bytes`, or nil.
    init?(wireBytes bytes: UnsafeBufferPointer<UInt8>)
}

/// Whether `bytes` are exactly `word`'s UTF-8.
@inline(__always)
private func spells(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard let p = bytes.baseAddress else { return false }
    return word.utf8CodeUnitCount == bytes.count && bytesEqual(word.utf8Start, p, bytes.count)
}

extension LabelType: PayloadWord {
    init?(wireBytes bytes: UnsafeBufferPointer<UInt8>) {
        if spells(bytes, "defect") { self = .defect } else if spells(bytes, "region") { self = .region }
        else if spells(bytes, "grade") { self = .grade } else { return nil }
    }
}

extension ImageFormat: PayloadWord {
    init?(wireBytes bytes: UnsafeBufferPointer<UInt8>) {
        if spells(bytes, "png") { self = .png } else if spells(bytes, "jpeg") { self = .jpeg }
        else if spells(bytes, "webp") { self = .webp } else if spells(bytes, "gif") { self = .gif } else { return nil }
    }
}

extension ResponseStatus: PayloadWord {
    init?(wireBytes bytes: UnsafeBufferPointer<UInt8>) {
        if spells(bytes, "accepted") { self = .accepted } else if spells(bytes, "rejected") { self = .rejected }
        else if spells(bytes, "error") { self = .error } else { return nil }
    }
}
