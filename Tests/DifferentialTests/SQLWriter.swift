import EventLog
import SampleDomain

/// Turns sample events into the SQL that the app would run against the guide's table.
enum SQLWriter {
    /// The guide's `training_samples` table, in schema `schema`, which becomes the search path.
    static func createTable(schema: String) -> String {
        """
        SET TimeZone = 'UTC';
        SET standard_conforming_strings = on;
        SET client_min_messages = warning;
        DROP SCHEMA IF EXISTS \(schema) CASCADE;
        CREATE SCHEMA \(schema);
        SET search_path TO \(schema);
        CREATE TABLE training_samples (
          id uuid PRIMARY KEY,
          created_at timestamptz NOT NULL,
          image_url text NOT NULL,
          image_path text NOT NULL,
          label text NOT NULL,
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

        """
    }

    /// A string literal with `standard_conforming_strings` on: only `'` needs doubling.
    static func literal(_ text: String) -> String {
        var out: [UInt8] = [0x27]
        for b in text.utf8 { out.append(b); if b == 0x27 { out.append(b) } }
        out.append(0x27)
        return String(decoding: out, as: UTF8.self)
    }

    static func literal(_ text: String?) -> String { text.map { literal($0) } ?? "NULL" }
    static func literal(_ value: Int64?) -> String { value.map { String($0) } ?? "NULL" }

    /// The instant as a `timestamptz` literal, always with six digits and `Z`.
    static func literal(_ t: Timestamp) -> String { "'\(t.rfc3339(.microseconds))'::timestamptz" }

    /// The crop object as the JSON text tslog stores, cast to jsonb.
    static func literal(_ crop: CropData?) -> String {
        guard let c = crop else { return "NULL" }
        let json = "{\"x\":\(JSONWriter.numberText(c.x)),\"y\":\(JSONWriter.numberText(c.y)),"
            + "\"width\":\(JSONWriter.numberText(c.width)),\"height\":\(JSONWriter.numberText(c.height))}"
        return literal(json) + "::jsonb"
    }

    /// The one statement that applies `event` to the table.
    static func statement(_ event: SampleEvent) -> String {
        let id = "'\(event.sampleID)'"
        switch event.body {
        case .submitted(let s):
            return "INSERT INTO training_samples (id, created_at, image_url, image_path, label, label_type, "
                + "nyckel_function_id, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes) VALUES ("
                + [id, literal(event.occurredAt), literal(s.imageURL), literal(s.imagePath), literal(s.label),
                   literal(s.labelType.rawValue), literal(s.nyckelFunctionID), literal(s.sourceScanID),
                   literal(s.regionName), literal(s.cropData), literal(s.imageWidth), literal(s.imageHeight),
                   literal(s.fileSizeBytes)].joined(separator: ", ")
                + ");"
        case .responded(let r):
            var set = "nyckel_status = \(literal(r.status.rawValue))"
            if let nk = r.nyckelSampleID { set += ", nyckel_sample_id = \(literal(nk))" }
            return "UPDATE training_samples SET \(set) WHERE id = \(id);"
        case .resubmitted(let r):
            var set = "nyckel_status = 'submitted'"
            if let fn = r.nyckelFunctionID { set += ", nyckel_function_id = \(literal(fn))" }
            return "UPDATE training_samples SET \(set) WHERE id = \(id);"
        case .relabeled(let r):
            var set = "label = \(literal(r.label))"
            if let type = r.labelType { set += ", label_type = \(literal(type.rawValue))" }
            return "UPDATE training_samples SET \(set) WHERE id = \(id);"
        case .updated(let u):
            let clear = u.clear ?? []
            var set: [String] = []
            func column(_ name: String, _ c: SampleColumns, _ value: String?, _ text: String) {
                if value != nil { set.append("\(name) = \(text)") } else if clear.contains(c) { set.append("\(name) = NULL") }
            }
            column("image_url", .imageURL, u.imageURL, literal(u.imageURL))
            column("image_path", .imagePath, u.imagePath, literal(u.imagePath))
            column("nyckel_function_id", .nyckelFunctionID, u.nyckelFunctionID, literal(u.nyckelFunctionID))
            column("nyckel_sample_id", .nyckelSampleID, u.nyckelSampleID, literal(u.nyckelSampleID))
            column("source_scan_id", .sourceScanID, u.sourceScanID, literal(u.sourceScanID))
            column("region_name", .regionName, u.regionName, literal(u.regionName))
            column("crop_data", .cropData, u.cropData.map { _ in "" }, literal(u.cropData))
            column("image_width", .imageWidth, u.imageWidth.map { _ in "" }, literal(u.imageWidth))
            column("image_height", .imageHeight, u.imageHeight.map { _ in "" }, literal(u.imageHeight))
            column("file_size_bytes", .fileSizeBytes, u.fileSizeBytes.map { _ in "" }, literal(u.fileSizeBytes))
            return "UPDATE training_samples SET \(set.joined(separator: ", ")) WHERE id = \(id);"
        case .deleted:
            return "DELETE FROM training_samples WHERE id = \(id);"
        case .imageFetched, .imageFetchFailed:
            return "-- \(event.body.type.rawValue) \(id): no row changes"
        }
    }
}
