import EventLog
import SampleDomain

/// Reads a `training_samples` export into rows, checking every value with the same rules
/// `tslog append` applies to a `sample.submitted` line.
///
/// Columns are found by name in any order; extra columns are ignored. `id`, `created_at`,
/// `image_url`, `image_path`, `label` and `label_type` are required; a missing optional column
/// is NULL everywhere, and a missing `nyckel_status` is `submitted`. In CSV an empty unquoted
/// field is NULL and `""` is the empty string; `crop_data` is JSON text; `created_at` is any time
/// `Timestamp(typed:)` reads: RFC 3339, PostgreSQL's text form (`2026-11-25 12:00:00.5+00`) or a
/// bare date. Unless `rawCells`, a CSV text cell
/// that starts with `'` followed by `=` `+` `-` `@` tab CR or `'` loses that first `'`: it was
/// added by `tslog export` to keep spreadsheets from running formulas.
///
/// The first bad value stops the read with an `ImportError` naming its line and column.
public enum ImportReader {
    public static let requiredColumns = ["id", "created_at", "image_url", "image_path", "label", "label_type"]
    public static let optionalColumns = ["nyckel_function_id", "nyckel_sample_id", "nyckel_status", "source_scan_id",
                                         "region_name", "crop_data", "image_width", "image_height", "file_size_bytes"]
    /// Columns that hold free text, whose export may carry the formula-guard `'`.
    static let textColumns: Set<String> = ["image_url", "image_path", "label", "nyckel_function_id",
                                           "nyckel_sample_id", "source_scan_id", "region_name"]

    /// The file's rows, or its first refusal.
    public static func read(_ bytes: [UInt8], format: ImportFormat, rawCells: Bool = false) throws(ImportError) -> [ImportedRow] {
        let (rows, refusals) = try readAll(bytes, format: format, rawCells: rawCells)
        if let first = refusals.first { throw first }
        return rows
    }

    /// The file's good rows and every bad row's refusal, in file order. Throws only when the
    /// file as a whole cannot be read (its syntax, its header).
    public static func readAll(_ bytes: [UInt8], format: ImportFormat,
                               rawCells: Bool = false) throws(ImportError) -> (rows: [ImportedRow], refusals: [ImportError]) {
        switch format {
        case .csv: try readCSV(bytes, rawCells: rawCells)
        case .json: try readJSON(bytes)
        }
    }

    /// Each record becomes a row (or a refusal) as soon as it is parsed: the file's records never
    /// all exist at once. A bad header is thrown only once the whole file parsed, so that a
    /// syntax error anywhere in the file still comes first, as when the file was parsed whole.
    static func readCSV(_ bytes: [UInt8], rawCells: Bool) throws(ImportError) -> (rows: [ImportedRow], refusals: [ImportError]) {
        var header: CSVParser.Record?
        var headerError: ImportError?
        /// The columns the file has, in `requiredColumns + optionalColumns` order, with their
        /// field index and whether they hold free text.
        var columns: [(name: String, index: Int, text: Bool)] = []
        var rows: [ImportedRow] = []
        var refusals: [ImportError] = []
        try CSVParser.parse(bytes) { (record: CSVParser.Record) throws(ImportError) in
            guard let header else {
                header = record
                do throws(ImportError) { columns = try csvColumns(record) } catch { headerError = error }
                return
            }
            guard headerError == nil else { return }
            do throws(ImportError) {
                guard record.fields.count == header.fields.count else {
                    throw ImportError(line: record.line, column: nil,
                                      message: "has \(record.fields.count) fields, the header has \(header.fields.count)")
                }
                var values: [String: JSONValue] = [:]
                values.reserveCapacity(columns.count)
                for column in columns {
                    let field = record.fields[column.index]
                    if field.text.isEmpty, !field.quoted { values[column.name] = .null; continue }
                    var text = field.text
                    if !rawCells, column.text { text = uninert(text) }
                    values[column.name] = try csvValue(column.name, text, line: record.line)
                }
                rows.append(try row(values, line: record.line))
            } catch {
                refusals.append(error)
            }
        }
        guard header != nil else { throw ImportError(line: 1, column: nil, message: "the file is empty: expected a header row") }
        if let headerError { throw headerError }
        return (rows, refusals)
    }

    /// The known columns `header` names, with their field index and whether they hold free
    /// text; throws when a name appears twice or a required column is missing.
    static func csvColumns(_ header: CSVParser.Record) throws(ImportError) -> [(name: String, index: Int, text: Bool)] {
        var index: [String: Int] = [:]
        for (i, field) in header.fields.enumerated() {
            guard index[field.text] == nil else {
                throw ImportError(line: header.line, column: field.text, message: "appears twice in the header")
            }
            index[field.text] = i
        }
        for name in requiredColumns where index[name] == nil {
            throw ImportError(line: header.line, column: name, message: "required column is missing from the header")
        }
        return (requiredColumns + optionalColumns).compactMap { name in
            index[name].map { (name, $0, textColumns.contains(name)) }
        }
    }

    /// Undoes `tslog export`'s formula guard: `'` before `=` `+` `-` `@` tab CR or `'` is dropped
    /// (`CSVFormulaGuard.removed(from:)`).
    public static func uninert(_ text: String) -> String { CSVFormulaGuard.removed(from: text) }

    /// A CSV cell as the JSON value a `sample.submitted` line would carry.
    static func csvValue(_ name: String, _ text: String, line: Int) throws(ImportError) -> JSONValue {
        switch name {
        case "crop_data":
            return try cropValue(text, line: line)
        case "image_width", "image_height", "file_size_bytes":
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return .string(text) }
            return .number(JSONNumber(text: text, isInteger: true))
        default:
            return .string(text)
        }
    }

    /// `crop_data` given as JSON text: an object, or the JSON `null`.
    static func cropValue(_ text: String, line: Int) throws(ImportError) -> JSONValue {
        if text == "null" { return .null }
        let parsed = JSONScanner.parseObject(text.utf8)
        switch parsed {
        case .success(let object): return .object(object)
        case .failure(let e):
            throw ImportError(line: line, column: "crop_data", message: "expected a JSON object with x, y, width and height: \(e.message) at byte \(e.offset)")
        }
    }

    /// Checks one row's values (keyed by column name) and builds the row.
    static func row(_ values: [String: JSONValue], line: Int) throws(ImportError) -> ImportedRow {
        for name in requiredColumns {
            guard let v = values[name], v != .null else { throw ImportError(line: line, column: name, message: "must not be empty") }
        }
        let created = values["created_at"] ?? .null
        var object = JSONObject()
        object.members.append(.init(key: "type", value: .string(EventType.sampleSubmitted.rawValue)))
        object.members.append(.init(key: "sample_id", value: values["id"] ?? .null))
        object.members.append(.init(key: "occurred_at", value: created))
        for name in ["image_url", "image_path", "label", "label_type", "nyckel_function_id", "source_scan_id",
                     "region_name", "crop_data", "image_width", "image_height", "file_size_bytes"] {
            if let v = values[name] { object.members.append(.init(key: name, value: v)) }
        }
        let input: InputEvent
        switch InputParser.validate(object, lineNumber: line) {
        case .failure(let e):
            let column = e.field.map { $0 == "sample_id" ? "id" : $0 == "occurred_at" ? "created_at" : $0 }
            throw ImportError(line: line, column: column, message: e.message)
        case .success(let i): input = i
        }
        guard case .submitted(let fields) = input.body, let createdAt = input.occurredAt else {
            preconditionFailure("a sample.submitted object with created_at validates to a submission with a time")
        }
        var nyckelSampleID: String?
        if case .string(let s)? = values["nyckel_sample_id"] {
            do { try FieldRule.text.check(s, field: "nyckel_sample_id", line: line) } catch {
                throw ImportError(line: line, column: error.field, message: error.message)
            }
            nyckelSampleID = s
        } else if let v = values["nyckel_sample_id"], v != .null {
            throw ImportError(line: line, column: "nyckel_sample_id", message: "expected a string, got \(InputParser.describe(v))")
        }
        var status = NyckelStatus.submitted
        if let v = values["nyckel_status"] {
            guard case .string(let s) = v, let parsed = NyckelStatus(rawValue: s) else {
                throw ImportError(line: line, column: "nyckel_status",
                                  message: "expected submitted, accepted, rejected or error, got \(InputParser.describe(v))")
            }
            status = parsed
        }
        return ImportedRow(line: line, state: TableRowState(id: input.sampleID, createdAt: createdAt, fields: fields,
                                                            nyckelSampleID: nyckelSampleID, status: status))
    }
}
