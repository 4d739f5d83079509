import Projections
import SampleDomain

/// The app's questions: tslog's own list (`tslog query <name>`), so a query added there must be
/// given its SQL here.
typealias DiffQuery = QueryName

/// The options a query takes; defaults as in tslog's `QueryOptions`.
struct DiffOptions: Sendable, Equatable, CustomStringConvertible {
    var labelType: LabelType?
    var label: String?
    var limit = 20
    var days = 30
    var below = 10

    var description: String {
        var parts: [String] = []
        if let labelType { parts.append("label_type=\(labelType.rawValue)") }
        if let label { parts.append("label=\(label.debugDescription)") }
        return parts.joined(separator: " ")
    }
}

/// The guide's SQL for each query, with the tie-breaks tslog promises and `COLLATE "C"`, wrapped
/// in `COPY (...) TO STDOUT WITH (FORMAT csv, HEADER)` and shaped so PostgreSQL prints what tslog's
/// CSV rendering prints, byte for byte: times as RFC 3339 UTC with microseconds only when non-zero,
/// dates as `YYYY-MM-DD`, crop data as compact JSON with numbers in their shortest form, NULL as
/// an empty field.
///
/// One deliberate departure from the guide: `overall` divides by `NULLIF(COUNT(*), 0)`, because the
/// guide's SQL fails with "division by zero" on an empty table; tslog prints an empty success_rate.
enum GuideSQL {
    /// `created_at` as tslog prints a time. Qualified so it is never confused with an output alias.
    static func time(_ column: String = "training_samples.created_at") -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN date_trunc('second', \(column)) <> \(column) "
            + "THEN to_char(\(column) AT TIME ZONE 'UTC', '.US') ELSE '' END || 'Z'"
    }

    /// `crop_data` as tslog prints it: `{"x":..,"y":..,"width":..,"height":..}`.
    static let crop = "CASE WHEN crop_data IS NULL THEN NULL ELSE format('{\"x\":%s,\"y\":%s,\"width\":%s,\"height\":%s}', "
        + ["x", "y", "width", "height"].map { "trim_scale((crop_data->>'\($0)')::numeric)" }.joined(separator: ", ")
        + ") END"

    static let orderNewestFirst = "ORDER BY training_samples.created_at DESC, training_samples.id"

    static func select(_ query: DiffQuery, _ o: DiffOptions) -> String {
        let lit = SQLWriter.literal as (String) -> String
        switch query {
        case .labelTypes:
            return "SELECT label_type, COUNT(*) AS sample_count FROM training_samples GROUP BY label_type "
                + "ORDER BY sample_count DESC, label_type COLLATE \"C\""
        case .labels:
            let filter = o.labelType.map { "WHERE label_type = \(lit($0.rawValue)) " } ?? ""
            return "SELECT label, label_type, COUNT(*) AS count FROM training_samples \(filter)GROUP BY label, label_type "
                + "ORDER BY count DESC, label COLLATE \"C\", label_type COLLATE \"C\""
        case .failed:
            return "SELECT id, \(time()) AS created_at, label, label_type, image_url, nyckel_status FROM training_samples "
                + "WHERE nyckel_status = 'error' \(orderNewestFirst) LIMIT \(o.limit)"
        case .daily:
            return "SELECT to_char(d, 'YYYY-MM-DD') AS training_date, samples_submitted, unique_labels FROM ("
                + "SELECT DATE(created_at) AS d, COUNT(*) AS samples_submitted, COUNT(DISTINCT label COLLATE \"C\") AS unique_labels "
                + "FROM training_samples GROUP BY DATE(created_at) ORDER BY d DESC LIMIT \(o.days)) AS per_day ORDER BY d DESC"
        case .samples:
            var filter = "WHERE label = \(lit(o.label ?? ""))"
            if let t = o.labelType { filter += " AND label_type = \(lit(t.rawValue))" }
            return "SELECT id, image_url, \(time()) AS created_at, nyckel_status FROM training_samples \(filter) \(orderNewestFirst)"
        case .accepted:
            return "SELECT image_url, label, label_type, \(crop) AS crop_data, \(time()) AS created_at FROM training_samples "
                + "WHERE nyckel_status = 'accepted' ORDER BY label COLLATE \"C\", training_samples.created_at, training_samples.id"
        case .scans:
            return "SELECT id, label, region_name, image_url, source_scan_id FROM training_samples "
                + "WHERE source_scan_id IS NOT NULL \(orderNewestFirst)"
        case .balance:
            return "SELECT label, COUNT(*) AS count FROM training_samples WHERE label_type = 'grade' GROUP BY label "
                + "HAVING COUNT(*) < \(o.below) ORDER BY count, label COLLATE \"C\""
        case .overall:
            let accepted = "COUNT(CASE WHEN nyckel_status = 'accepted' THEN 1 END)"
            return "SELECT COUNT(*) AS total_samples, COUNT(DISTINCT label COLLATE \"C\") AS unique_labels, "
                + "\(accepted) AS successful, COUNT(CASE WHEN nyckel_status = 'error' THEN 1 END) AS failed, "
                + "ROUND(\(accepted)::numeric / NULLIF(COUNT(*), 0)::numeric * 100, 2) AS success_rate FROM training_samples"
        case .problems:
            return "SELECT id, \(time()) AS created_at, label, label_type, image_url, nyckel_status FROM training_samples "
                + "WHERE nyckel_status IN ('error', 'rejected') \(orderNewestFirst)"
        }
    }

    static func copy(_ query: DiffQuery, _ o: DiffOptions) -> String {
        "COPY (\(select(query, o))) TO STDOUT WITH (FORMAT csv, HEADER);"
    }
}
