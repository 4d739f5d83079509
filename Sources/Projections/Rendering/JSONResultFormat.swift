import EventLog

/// `--format json`: an array of objects, one per row, keys the column names in column order;
/// `overall` is one object. One row per line, for diffs and `grep`; ends with a newline.
///
/// Frozen: `[]` for no rows, `[\n{…},\n{…}\n]` otherwise; values as `JSONWriter.cell` writes them.
struct JSONResultFormat: ResultFormat {
    func render(_ table: ResultTable) -> String {
        var out: [UInt8] = []
        if table.singleObject, let row = table.rows.first {
            out += object(table.columns, row)
        } else if table.rows.isEmpty {
            out += Array("[]".utf8)
        } else {
            out += Array("[\n".utf8)
            for (i, row) in table.rows.enumerated() {
                out += object(table.columns, row)
                out += Array((i + 1 < table.rows.count ? ",\n" : "\n").utf8)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    private func object(_ columns: [String], _ row: [Cell]) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.rowObject(columns, row)
        return w.bytes
    }
}
