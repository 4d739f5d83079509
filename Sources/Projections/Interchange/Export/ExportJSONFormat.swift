import EventLog
import SampleDomain

/// `--format json`: one array of row objects, what `supabase.from('training_samples').select('*')`
/// returns, one row per line.
///
/// Frozen: `[]\n` for no rows, otherwise `[\n{…},\n{…}\n]\n`; keys in `ExportColumns` order, NULL
/// as `null`, `created_at` an RFC 3339 UTC string, `crop_data` an object, sizes integers.
struct ExportJSONFormat: RowFormat {
    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayHeader(layout) }
    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayFooter(layout) }

    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        ExportJSONFormat.appendArrayRows(rows, from: start, layout, to: &out) { w, row in w.exportRow(row) }
    }

    // The layout every JSON-array format shares: `[`, one object per line, `]`, newline; `[]`
    // and a newline for no rows.

    /// `[]\n` when there are no rows, else `[\n`.
    static func arrayHeader(_ layout: ExportLayout) -> [UInt8] {
        Array((layout.rowCount == 0 ? "[]\n" : "[\n").utf8)
    }

    /// Nothing when there are no rows, else `]\n`.
    static func arrayFooter(_ layout: ExportLayout) -> [UInt8] {
        layout.rowCount == 0 ? [] : Array("]\n".utf8)
    }

    /// One object per row written by `object`, each followed by `,\n`, the last row of the
    /// export by `\n` alone.
    static func appendArrayRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout,
                                to out: inout [UInt8], _ object: (inout JSONWriter, SampleRow) -> Void) {
        for (offset, row) in rows.enumerated() {
            var w = JSONWriter(capacity: 512)
            object(&w, row)
            out += w.bytes
            if start + offset + 1 < layout.rowCount { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
        }
    }
}

/// `--format jsonl`: one row object per line (the `json` format's objects), for streaming tools.
///
/// Frozen: nothing at all for no rows; every line ends with `\n`.
struct ExportJSONLinesFormat: RowFormat {
    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        for row in rows {
            var w = JSONWriter(capacity: 512)
            w.exportRow(row)
            out += w.bytes
            out.append(0x0A)
        }
    }
}
