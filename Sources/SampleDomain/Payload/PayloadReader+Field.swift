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
        }
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
        case .none, .setsNyckelSampleID, .hasScan, .hasCrop:
            switch field.kind {
            case .text: try skipString(field.key)
            case .labelType: _ = try word(field.key, LabelType.self)
            case .status: _ = try word(field.key, ResponseStatus.self)
            case .imageFormat: _ = try word(field.key, ImageFormat.self)
            case .integer, .bigInteger: _ = try count(field.key)
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
