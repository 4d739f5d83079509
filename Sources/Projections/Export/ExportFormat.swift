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

    public init(description: ExportDescription, rawCells: Bool = false) {
        self.description = description; self.rawCells = rawCells
    }
}

/// One way of writing exported rows as bytes. One conformer per `ExportFormat`, one file each.
///
/// A conformer must be deterministic: the output is a function of `rows` (already filtered and
/// in export order) and `context` alone.
protocol RowFormat {
    func render(_ rows: [SampleRow], _ context: ExportContext) -> [UInt8]
}

/// Exports rows in a format.
public enum Exporter {
    /// `rows` written in `format`. Rows are written in the order given; `ProjectionSet.exportRows`
    /// gives them in `created_at, id` order.
    public static func render(_ rows: [SampleRow], as format: ExportFormat, _ context: ExportContext) -> [UInt8] {
        format.writer.render(rows, context)
    }
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
