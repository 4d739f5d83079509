import EventLog
import SampleDomain

/// The file formats `tslog export` writes. Raw values are the `--format` names.
///
/// `csv`, `json`, `jsonl` and `sql` carry the `training_samples` columns (see `ExportColumns`);
/// `roboflow`, `label-studio` and `manifest` are shaped for training elsewhere. Every one is a
/// frozen machine format: the same rows always give the same bytes. See docs/events.md.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, jsonl, sql, roboflow
    case labelStudio = "label-studio"
    case manifest

    /// The writer of this format.
    var writer: any RowFormat {
        switch self {
        case .csv: ExportCSVFormat()
        case .json: ExportJSONFormat()
        case .jsonl: ExportJSONLinesFormat()
        case .sql: ExportSQLFormat()
        case .roboflow: ExportRoboflowFormat()
        case .labelStudio: ExportLabelStudioFormat()
        case .manifest: ExportManifestFormat()
        }
    }
}

/// What a format may need to know besides the rows.
public struct ExportContext: Sendable {
    /// The log position and filters the rows reflect (written into the SQL header).
    public var description: ExportDescription
    /// CSV only: write cells that start with `=`, `+`, `-`, `@`, tab, CR or `'` as they are,
    /// instead of prefixing a `'` so spreadsheets do not run them as formulas.
    public var rawCells: Bool
    /// SQL only: what the script does with the table (create it, insert only, or upsert).
    public var sqlForm: SQLForm

    public init(description: ExportDescription, rawCells: Bool = false, sqlForm: SQLForm = .create) {
        self.description = description; self.rawCells = rawCells; self.sqlForm = sqlForm
    }
}

/// What every chunk of one export shares: facts about the whole row set that a format needs
/// before it writes the first row (the count decides JSON commas and SQL `INSERT` groups; the
/// manifest's directory names depend on every label exported).
struct ExportLayout: Sendable {
    /// How many rows the export writes in all.
    var rowCount: Int
    /// `manifest` only: the directory name of every label among the rows (`ManifestPath.names`),
    /// keyed by the label's bytes; empty for the other formats.
    var labelDirectories: [[UInt8]: String]

    /// The layout of `rowCount` rows whose distinct labels are `labels`, for `format`.
    init(_ format: ExportFormat, rowCount: Int, labels: [String]) {
        self.rowCount = rowCount
        labelDirectories = format == .manifest ? ManifestPath.names(for: labels) : [:]
    }
}

/// One way of writing exported rows as bytes. One conformer per `ExportFormat`, one file each.
///
/// An export is `header`, then the rows in chunks (`appendRows`, in order, each chunk starting
/// where the last ended), then `footer`. A conformer must be deterministic and must not depend
/// on where the chunks are cut: the bytes are a function of the rows (already filtered and in
/// export order), `layout` and `context` alone, so a streamed export equals a whole one.
protocol RowFormat: Sendable {
    /// The bytes before the first row.
    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8]
    /// Appends `rows`, which are the rows numbered `start ..< start + rows.count` (from 0) of the
    /// `layout.rowCount` rows exported, to `out`.
    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8])
    /// The bytes after the last row.
    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8]
}

extension RowFormat {
    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { [] }
    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { [] }
}

/// Exports rows in a format.
public enum Exporter {
    /// `rows` written in `format`, whole. Rows are written in the order given;
    /// `ProjectionSet.exportRows` gives them in `created_at, id` order. The same bytes as the
    /// streamed export (`ProjectionSet.export(_:as:_:chunkRows:to:)`) of the same rows.
    public static func render(_ rows: [SampleRow], as format: ExportFormat, _ context: ExportContext) -> [UInt8] {
        let stream = ExportStream(format, context, rowCount: rows.count, labels: format == .manifest ? rows.map(\.label) : [])
        var out = stream.header()
        stream.appendRows(rows[...], from: 0, to: &out)
        out += stream.footer()
        return out
    }
}

/// One export being written in pieces: the header, chunks of rows, the footer. Concatenated,
/// the pieces are exactly `Exporter.render` of all the rows, however the rows are chunked.
public struct ExportStream: Sendable {
    public let format: ExportFormat
    public let context: ExportContext
    let layout: ExportLayout
    private let writer: any RowFormat

    /// An export of `rowCount` rows in `format`; `labels` holds (at least) every distinct label
    /// among them, which `manifest` needs before its first row (duplicates are harmless; the
    /// other formats ignore it).
    public init(_ format: ExportFormat, _ context: ExportContext, rowCount: Int, labels: [String]) {
        self.format = format; self.context = context
        layout = ExportLayout(format, rowCount: rowCount, labels: labels)
        writer = format.writer
    }

    /// The bytes before the first row.
    public func header() -> [UInt8] { writer.header(layout, context) }

    /// Appends the rows numbered `start ..< start + rows.count` (from 0) to `out`.
    public func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, to out: inout [UInt8]) {
        precondition(start >= 0 && start + rows.count <= layout.rowCount, "rows \(start)..<\(start + rows.count) of \(layout.rowCount)")
        writer.appendRows(rows, from: start, layout, context, to: &out)
    }

    /// The bytes after the last row.
    public func footer() -> [UInt8] { writer.footer(layout, context) }
}

/// The `training_samples` columns, in the table's order: every row format that carries the
/// table writes exactly these, in this order.
public enum ExportColumns {
    public static let names = [
        "id", "created_at", "image_url", "image_path", "label", "label_type", "nyckel_function_id",
        "nyckel_sample_id", "nyckel_status", "source_scan_id", "region_name", "crop_data",
        "image_width", "image_height", "file_size_bytes",
    ]
}

extension SampleRow {
    /// The row's cells in `ExportColumns` order.
    var exportCells: [Cell] {
        [.text(id.description), .timestamp(createdAt), .text(imageURL), .text(imagePath), .text(label),
         .text(labelType.rawValue), nyckelFunctionID.map(Cell.text) ?? .null,
         nyckelSampleID.map(Cell.text) ?? .null, .text(status.rawValue), sourceScanID.map(Cell.text) ?? .null,
         regionName.map(Cell.text) ?? .null, cropData.map(Cell.crop) ?? .null,
         imageWidth.map(Cell.int) ?? .null, imageHeight.map(Cell.int) ?? .null,
         fileSizeBytes.map(Cell.int) ?? .null]
    }
}

extension JSONWriter {
    /// One row as a JSON object, keys in `ExportColumns` order, NULL as `null`, crop_data an object.
    mutating func exportRow(_ row: SampleRow) {
        rowObject(ExportColumns.names, row.exportCells)
    }
}
