import EventLog

/// The frozen payload (`data`) format of schema version 1: writes and reads the JSON object each
/// stored record carries.
///
/// The format must not drift: stored logs are read forever. Keys are written in this fixed order,
/// optional fields omitted when absent (never `null`):
/// `sample_id` (lowercase UUID), `occurred_at` (RFC 3339 UTC, six fraction digits), then by type:
/// - `sample.submitted`: image_url, image_path, label, label_type, nyckel_function_id?,
///   source_scan_id?, region_name?, crop_data? (`{"x":…,"y":…,"width":…,"height":…}`),
///   image_width?, image_height?, file_size_bytes?
/// - `nyckel.responded`: status, nyckel_sample_id?, error?
/// - `nyckel.resubmitted`: nyckel_function_id?
/// - `sample.relabeled`: label, label_type?, reason?, actor?
/// - `sample.deleted`: reason?, actor?
///
/// A change to any of this is a new schema version (`SampleSchema`), never an edit.
public enum PayloadCodec {
    /// The payload bytes of `event`: compact JSON, keys in the frozen order.
    public static func encode(_ event: SampleEvent) -> [UInt8] {
        var w = JSONWriter(capacity: 384)
        w.beginObject()
        w.key("sample_id"); w.string(event.sampleID.description)
        w.key("occurred_at"); w.string(event.occurredAt.rfc3339(.microseconds))
        switch event.body {
        case .submitted(let s):
            w.key("image_url"); w.string(s.imageURL)
            w.key("image_path"); w.string(s.imagePath)
            w.key("label"); w.string(s.label)
            w.key("label_type"); w.string(s.labelType.rawValue)
            optional(&w, "nyckel_function_id", s.nyckelFunctionID)
            optional(&w, "source_scan_id", s.sourceScanID)
            optional(&w, "region_name", s.regionName)
            if let c = s.cropData {
                w.key("crop_data")
                w.beginObject()
                w.key("x"); w.number(c.x)
                w.key("y"); w.number(c.y)
                w.key("width"); w.number(c.width)
                w.key("height"); w.number(c.height)
                w.endObject()
            }
            optional(&w, "image_width", s.imageWidth)
            optional(&w, "image_height", s.imageHeight)
            optional(&w, "file_size_bytes", s.fileSizeBytes)
        case .responded(let r):
            w.key("status"); w.string(r.status.rawValue)
            optional(&w, "nyckel_sample_id", r.nyckelSampleID)
            optional(&w, "error", r.error)
        case .resubmitted(let r):
            optional(&w, "nyckel_function_id", r.nyckelFunctionID)
        case .relabeled(let r):
            w.key("label"); w.string(r.label)
            optional(&w, "label_type", r.labelType?.rawValue)
            optional(&w, "reason", r.reason)
            optional(&w, "actor", r.actor)
        case .deleted(let d):
            optional(&w, "reason", d.reason)
            optional(&w, "actor", d.actor)
        }
        w.endObject()
        return w.bytes
    }

    private static func optional(_ w: inout JSONWriter, _ key: String, _ value: String?) {
        guard let value else { return }
        w.key(key); w.string(value)
    }

    private static func optional(_ w: inout JSONWriter, _ key: String, _ value: Int64?) {
        guard let value else { return }
        w.key(key); w.int(value)
    }
}
