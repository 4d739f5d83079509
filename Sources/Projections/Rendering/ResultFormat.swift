import EventLog
import SampleDomain

/// One way of writing a `ResultTable` as text. One conformer per `OutputFormat`, one file each.
protocol ResultFormat {
    func render(_ table: ResultTable) -> String
}

extension ResultTable {
    /// The table written in `format`.
    ///
    /// `json` and `csv` are frozen machine formats (the differential test compares them with
    /// PostgreSQL's output byte for byte); `table` is for people. `width` limits the `table`
    /// format's line length (long cells are cut with "…", or with `wraps` continued on the
    /// next lines); the machine formats ignore it.
    /// `csv` guards text cells against spreadsheet formulas (`CSVFormulaGuard`) unless `rawCells`.
    public func render(_ format: OutputFormat, width: Int? = nil, wraps: Bool = false, rawCells: Bool = false) -> String {
        switch format {
        case .json: JSONResultFormat().render(self)
        case .csv: CSVResultFormat(rawCells: rawCells).render(self)
        case .table: TableResultFormat(width: width, wraps: wraps).render(self)
        }
    }
}

extension Cell {
    /// The cell as plain text, nil for NULL: what CSV and the table format show. Times are RFC 3339
    /// UTC (fraction only when non-zero), dates `YYYY-MM-DD`, crops their compact JSON.
    var plainText: String? {
        switch self {
        case .null: nil
        case .text(let s): s
        case .int(let n): String(n)
        case .timestamp(let t): t.rfc3339(.whenNonZero)
        case .date(let day): Timestamp.dateString(utcDay: day)
        case .decimal(let s): s
        case .crop(let c):
            { var w = JSONWriter(capacity: 64); w.crop(c); return String(decoding: w.bytes, as: UTF8.self) }()
        }
    }

    /// Numbers are right-aligned in the table format, as psql does.
    var isNumeric: Bool {
        switch self {
        case .int, .decimal: true
        default: false
        }
    }
}

extension JSONWriter {
    /// `{"x":..,"y":..,"width":..,"height":..}`, the `crop_data` object in the payload's key order.
    mutating func crop(_ c: CropData) {
        beginObject()
        key("x"); number(c.x)
        key("y"); number(c.y)
        key("width"); number(c.width)
        key("height"); number(c.height)
        endObject()
    }

    /// Writes one cell as a JSON value.
    mutating func cell(_ cell: Cell) {
        switch cell {
        case .null: null()
        case .text(let s): string(s)
        case .int(let n): int(n)
        case .timestamp(let t): string(t.rfc3339(.whenNonZero))
        case .date(let day): string(Timestamp.dateString(utcDay: day))
        case .decimal(let s): raw(s.utf8)
        case .crop(let c): crop(c)
        }
    }
}
