import EventLog
import SampleDomain

/// `--format sql`: a PostgreSQL script that loads the rows into `training_samples`, in one
/// transaction, in one of three forms (`SQLForm`).
///
/// `psql -v ON_ERROR_STOP=1 -f export.sql` loads it; the guide's queries then answer what
/// `tslog query` answers at the same position. The column types are the app's table's: `id` and
/// `source_scan_id` are `uuid` (the guide's query 7 joins `source_scan_id` to
/// `analysis_jobs.id uuid`), so `tslog export` refuses, naming the rows, a `source_scan_id` that is
/// not one (`ProjectionSet.nonUUIDScanIDs`). `label` is declared `COLLATE "C"` so that PostgreSQL
/// orders and groups labels byte for byte, as tslog does. The first line is a comment holding
/// `ExportDescription.json` (the log position).
///
/// Frozen: the header, the form's preamble, then `INSERT` statements of at most `rowsPerInsert`
/// rows each, then the form's ending and `COMMIT;`. Text is a standard string literal (`'`
/// doubled; `standard_conforming_strings` is set on, so backslashes are literal), NULL is `NULL`,
/// times are RFC 3339 UTC literals, crops JSON literals cast by the `jsonb` column, uuids text
/// literals cast by the `uuid` column.
struct ExportSQLFormat: RowFormat {
    static let rowsPerInsert = 500

    /// The temporary table the `upsert` form loads the rows into first; dropped at `COMMIT`.
    static let stagingTable = "tslog_export_rows"

    static let schema = """
        CREATE TABLE IF NOT EXISTS training_samples (
          id uuid PRIMARY KEY,
          created_at timestamptz NOT NULL DEFAULT now(),
          image_url text NOT NULL,
          image_path text NOT NULL,
          label text COLLATE "C" NOT NULL,
          label_type text NOT NULL CHECK (label_type IN ('defect', 'region', 'grade')),
          nyckel_function_id text,
          nyckel_sample_id text,
          nyckel_status text NOT NULL DEFAULT 'submitted'
            CHECK (nyckel_status IN ('submitted', 'accepted', 'rejected', 'error')),
          source_scan_id uuid,
          region_name text,
          crop_data jsonb,
          image_width integer,
          image_height integer,
          file_size_bytes bigint
        );
        CREATE INDEX IF NOT EXISTS training_samples_label_type_idx ON training_samples (label_type);
        CREATE INDEX IF NOT EXISTS training_samples_label_idx ON training_samples (label, label_type);
        CREATE INDEX IF NOT EXISTS training_samples_nyckel_status_idx ON training_samples (nyckel_status, created_at DESC);
        CREATE INDEX IF NOT EXISTS training_samples_created_at_idx ON training_samples (created_at DESC);
        CREATE INDEX IF NOT EXISTS training_samples_source_scan_id_idx ON training_samples (source_scan_id)
          WHERE source_scan_id IS NOT NULL;

        """

    /// The `upsert` form's preamble: a temporary table shaped like the existing one.
    static let staging = """
        CREATE TEMP TABLE \(stagingTable) (LIKE training_samples INCLUDING DEFAULTS) ON COMMIT DROP;

        """

    /// The `upsert` form's ending: the table becomes the staged rows. Rows it holds that the
    /// export does not are deleted; every exported row is inserted, or updated where its id exists.
    static var upsert: String {
        let columns = ExportColumns.names.joined(separator: ", ")
        let updates = ExportColumns.names.dropFirst().map { "  \($0) = EXCLUDED.\($0)" }.joined(separator: ",\n")
        return """
            DELETE FROM training_samples AS t
              WHERE NOT EXISTS (SELECT 1 FROM \(stagingTable) AS r WHERE r.id = t.id);
            INSERT INTO training_samples (\(columns))
              SELECT \(columns) FROM \(stagingTable)
              ON CONFLICT (id) DO UPDATE SET
            \(updates);

            """
    }

    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] {
        var out = "-- tslog export of training_samples: \(context.description.json)\n"
        out += "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n"
        switch context.sqlForm {
        case .create: out += ExportSQLFormat.schema
        case .rows: break
        case .upsert: out += ExportSQLFormat.staging
        }
        return Array(out.utf8)
    }

    /// Row `i` of the export opens an `INSERT` when `i` is a multiple of `rowsPerInsert`, and
    /// ends it (`;`) when it is the last of its group of `rowsPerInsert` or of the export.
    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        let table = context.sqlForm == .upsert ? ExportSQLFormat.stagingTable : "training_samples"
        let insert = Array("INSERT INTO \(table) (\(ExportColumns.names.joined(separator: ", "))) VALUES\n".utf8)
        for (offset, row) in rows.enumerated() {
            let i = start + offset
            if i % ExportSQLFormat.rowsPerInsert == 0 { out += insert }
            let end = min(i - i % ExportSQLFormat.rowsPerInsert + ExportSQLFormat.rowsPerInsert, layout.rowCount)
            var line = "(" + row.exportCells.map(ExportSQLFormat.literal).joined(separator: ", ") + ")"
            line += i + 1 < end ? ",\n" : ";\n"
            out.append(contentsOf: line.utf8)
        }
    }

    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] {
        Array(((context.sqlForm == .upsert ? ExportSQLFormat.upsert : "") + "COMMIT;\n").utf8)
    }

    /// A cell as a SQL literal.
    static func literal(_ cell: Cell) -> String {
        switch cell {
        case .null: "NULL"
        case .int(let n): String(n)
        default: quoted(cell.plainText ?? "")
        }
    }

    /// A standard SQL string literal: `'` doubled, everything else as it is.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for c in text.unicodeScalars {
            if c == "'" { out += "''" } else { out.unicodeScalars.append(c) }
        }
        return out + "'"
    }
}

/// What a `--format sql` script does with the table. Raw values are the `--sql-form` names.
public enum SQLForm: String, CaseIterable, Sendable {
    /// `CREATE TABLE IF NOT EXISTS` and its indexes, then `INSERT`s: for a new database (into a
    /// table that already holds one of the ids it fails, and the transaction changes nothing).
    case create
    /// Only the `INSERT`s, into a table that must exist (the app's own, say).
    case rows
    /// Makes an existing table equal to the export: the rows go into a temporary table, rows of
    /// the table the export lacks are deleted, the rest `INSERT … ON CONFLICT (id) DO UPDATE`.
    /// Loading it twice changes nothing the second time.
    case upsert
}
