import EventLog

/// Reading one declared field's value, by its kind: the only place a stored value of each kind
/// is read (the full, facts and canonical decoders all come here).
extension PayloadReader {
    /// The value of `field` at the cursor.
    mutating func value(_ field: PayloadField) throws(PayloadError) -> FieldValue {
        switch field.kind {
        case .text: .text(try string(field.key))
        case .labelType: .labelType(try word(field.key, LabelType.self))
        case .status: .status(try word(field.key, ResponseStatus.self))
        case .integer, .bigInteger: .count(try count(field.key))
        case .crop: .crop(try PayloadCodec.crop(&self))
        case .imageFormat: .imageFormat(try word(field.key, ImageFormat.self))
        case .columns: .columns(try columns(field.key))
        }
    }

    /// A `clear` list as `PayloadWriter` writes it, in any order: a non-empty array of distinct
    /// names of clearable columns.
    mutating func columns(_ field: StaticString) throws(PayloadError) -> SampleColumns {
        skipWhitespace()
        guard i < b.count, b[i] == UInt8(ascii: "[") else { throw fail(.invalidValue, "\(field)", "expected '['") }
        i += 1
        skipWhitespace()
        if i < b.count, b[i] == UInt8(ascii: "]") { throw fail(.invalidValue, "\(field)", "must name at least one column") }
        var set: SampleColumns = []
        repeat {
            let at = i
            let name = try string(field)
            guard let column = SampleColumns(name: name), SampleColumns.clearable.contains(column) else {
                throw fail(.invalidValue, "\(field)", "\(quoted(name)) is not a column that can be cleared", at: at)
            }
            guard !set.contains(column) else { throw fail(.invalidValue, "\(field)", "names \(name) twice", at: at) }
            set.insert(column)
            skipWhitespace()
            guard i < b.count else { throw fail(.malformed, "\(field)", "expected ',' or ']'") }
            i += 1
            if b[i - 1] == UInt8(ascii: "]") { break }
            guard b[i - 1] == UInt8(ascii: ",") else { throw fail(.malformed, "\(field)", "expected ',' or ']'", at: i - 1) }
        } while true
        return set
    }

    /// Checks the value of `field` at the cursor exactly as `value(_:)` does, keeping only the
    /// fact it gives `facts` (a text fact's bytes appended to `text`).
    ///
    /// `canonical`: a crop is accepted only in the literal layout `encode` writes (anything
    /// else throws, and the canonical reader hands the payload to the general one).
    @inline(__always)
    mutating func fact(_ field: PayloadField, canonical: Bool, _ facts: inout EventFacts, _ text: inout [UInt8]) throws(PayloadError) {
        switch field.fact {
        case .label: facts.label = try string(field.key, appendingTo: &text)
        case .functionID: facts.functionID = try string(field.key, appendingTo: &text)
        case .labelType: facts.labelType = try word(field.key, LabelType.self)
        case .status: facts.status = try word(field.key, ResponseStatus.self)
        case .clears: facts.clears = try columns(field.key)
        case .none, .setsNyckelSampleID, .hasScan, .hasCrop, .sets:
            switch field.kind {
            case .text: try skipString(field.key)
            case .labelType: _ = try word(field.key, LabelType.self)
            case .status: _ = try word(field.key, ResponseStatus.self)
            case .imageFormat: _ = try word(field.key, ImageFormat.self)
            case .integer, .bigInteger:
                let v = try count(field.key)
                if case .sets(let c) = field.fact { facts.sizes.note(c, v) }
            case .columns: _ = try columns(field.key)
            case .crop:
                if canonical {
                    guard literalCrop() else { throw fail(.malformed, "crop_data", "not in the canonical layout") }
                } else {
                    _ = try PayloadCodec.crop(&self)
                }
            }
            switch field.fact {
            case .setsNyckelSampleID: facts.setsNyckelSampleID = true
            case .hasScan: facts.hasScan = true
            case .hasCrop: facts.hasCrop = true
            case .sets(let c): facts.sets.formUnion(c)
            default: break
            }
        }
    }

    /// Steps over a crop written exactly as `PayloadWriter` writes it, each number checked as
    /// the general reader checks it; false otherwise.
    private mutating func literalCrop() -> Bool {
        take(#"{"x":"#) && (try? number("crop_data.x")) != nil
            && take(#","y":"#) && (try? number("crop_data.y")) != nil
            && take(#","width":"#) && (try? number("crop_data.width")) != nil
            && take(#","height":"#) && (try? number("crop_data.height")) != nil && take("}")
    }
}
