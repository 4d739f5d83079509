import EventLog
import SampleDomain

/// `--format json`: one array of row objects, what `supabase.from('training_samples').select('*')`
/// returns, one row per line.
///
/// Frozen: `[]\n` for no rows, otherwise `[\n{…},\n{…}\n]\n`; keys in `ExportColumns` order, NULL
/// as `null`, `created_at` an RFC 3339 UTC string, `crop_data` an object, sizes integers.
struct ExportJSONFormat: RowFormat {
    func render(_ rows: [SampleRow], _ context: ExportContext) -> [UInt8] {
        ExportJSONFormat.array(rows) { w, row in w.exportRow(row) }
    }

    /// `[`, one object per line written by `object`, `]`, newline: the layout every JSON-array
    /// format shares.
    static func array(_ rows: [SampleRow], _ object: (inout JSONWriter, SampleRow) -> Void) -> [UInt8] {
        guard !rows.isEmpty else { return Array("[]\n".utf8) }
        var out = Array("[\n".utf8)
        for (i, row) in rows.enumerated() {
            var w = JSONWriter(capacity: 512)
            object(&w, row)
            out += w.bytes
            out += Array((i + 1 < rows.count ? ",\n" : "\n").utf8)
        }
        out += Array("]\n".utf8)
        return out
    }
}

/// `--format jsonl`: one row object per line (the `json` format's objects), for streaming tools.
///
/// Frozen: nothing at all for no rows; every line ends with `\n`.
struct ExportJSONLinesFormat: RowFormat {
    func render(_ rows: [SampleRow], _ context: ExportContext) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            var w = JSONWriter(capacity: 512)
            w.exportRow(row)
            out += w.bytes
            out.append(0x0A)
        }
        return out
    }
}
