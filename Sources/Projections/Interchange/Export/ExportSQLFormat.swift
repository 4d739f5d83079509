import EventLog
import SampleDomain

/// `--format sql`: a PostgreSQL script that creates `training_samples` and loads the rows.
///
/// `psql -v ON_ERROR_STOP=1 -f export.sql` on a fresh database loads it in one transaction;
/// the guide's queries then answer what `tslog query` answers at the same position. `label` is
/// declared `COLLATE "C"` so that PostgreSQL orders and groups labels byte for byte, as tslog
/// does. The first line is a comment holding `ExportDescription.json` (the log position).
///
/// Frozen: the header, the schema text below, then `INSERT` statements of at most
/// `rowsPerInsert` rows each, then `COMMIT;`. Text is a standard string literal (`'` doubled;
/// `standard_conforming_strings` is set on, so backslashes are literal), NULL is `NULL`,
/// times are RFC 3339 UTC literals, crops JSON literals cast by the `jsonb` column.
struct ExportSQLFormat: RowFormat {
    static let rowsPerInsert = 500

    static let schema = """
        CREATE TABLE training_samples (
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
          source_scan_id text,
          region_name text,
          crop_data jsonb,
          image_width integer,
          image_height integer,
          file_size_bytes bigint
        );
        CREATE INDEX training_samples_label_type_idx ON training_samples (label_type);
        CREATE INDEX training_samples_label_idx ON training_samples (label, label_type);
        CREATE INDEX training_samples_nyckel_status_idx ON training_samples (nyckel_status, created_at DESC);
        CREATE INDEX training_samples_created_at_idx ON training_samples (created_at DESC);
        CREATE INDEX training_samples_source_scan_id_idx ON training_samples (source_scan_id)
          WHERE source_scan_id IS NOT NULL;

        """

    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] {
        var out = "-- tslog export of training_samples: \(context.description.json)\n"
        out += "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n"
        out += ExportSQLFormat.schema
        return Array(out.utf8)
    }

    /// Row `i` of the export opens an `INSERT` when `i` is a multiple of `rowsPerInsert`, and
    /// ends it (`;`) when it is the last of its group of `rowsPerInsert` or of the export.
    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        let insert = Array("INSERT INTO training_samples (\(ExportColumns.names.joined(separator: ", "))) VALUES\n".utf8)
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
        Array("COMMIT;\n".utf8)
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
