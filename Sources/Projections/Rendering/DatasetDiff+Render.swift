import EventLog
import SampleDomain

extension DatasetDiff {
    /// The summary: samples per kind of change, then `unchanged`: samples that are rows at both
    /// points with the same values (touched between or not; never a sample absent at either point).
    /// Keyed by the kinds' raw values, as the frozen JSON's first six summary keys are.
    public var summary: [(kind: String, samples: Int)] {
        DiffKind.allCases.map { ($0.rawValue, count($0)) } + [("unchanged", unchanged)]
    }

    /// The summary in the words people read (`DiffKind.word`): added, removed, relabeled,
    /// status changed, updated, unchanged.
    public var summaryInWords: [(kind: String, samples: Int)] {
        DiffKind.allCases.map { ($0.word, count($0)) } + [("unchanged", unchanged)]
    }

    /// The JSON summary's keys after the frozen six: the words where they differ from
    /// the raw values, appended (never renamed) so a reader of the old keys keeps working.
    static let summaryAliases: [(key: String, kind: DiffKind)] = [("removed", .deleted), ("updated", .modified)]

    /// The changed rows as a result table: id, kind (kinds joined by `+`), label, label_type and
    /// status before and after (null where there is no row), the changed columns and the seqs of
    /// the events that caused the change (both joined by spaces).
    public var rowTable: ResultTable { rowTable(words: false) }

    /// `rowTable`, with the kinds as raw values (the frozen JSON and CSV) or as words (the table).
    func rowTable(words: Bool) -> ResultTable {
        ResultTable(columns: ["id", "kind", "label_before", "label_type_before", "label_after", "label_type_after",
                              "status_before", "status_after", "changed_columns", "event_seqs"],
                    rows: rows.map { r in
                        [.text(r.id.description), .text(r.kinds.map { words ? $0.word : $0.rawValue }.joined(separator: "+")),
                         r.before.map { .text($0.label) } ?? .null, r.before.map { .text($0.labelType.rawValue) } ?? .null,
                         r.after.map { .text($0.label) } ?? .null, r.after.map { .text($0.labelType.rawValue) } ?? .null,
                         r.before.map { .text($0.status.rawValue) } ?? .null, r.after.map { .text($0.status.rawValue) } ?? .null,
                         .text(r.changedColumns.joined(separator: " ")), .text(r.eventSeqs.map(String.init).joined(separator: " "))]
                    })
    }

    /// Per label: before and after counts, rows that entered and left it, net change.
    public var labelTable: ResultTable {
        ResultTable(columns: ["label_type", "label", "before", "after", "entered", "left", "net"],
                    rows: labels.map { l in
                        [.text(l.labelType.rawValue), .text(l.label), .int(Int64(l.before)), .int(Int64(l.after)),
                         .int(Int64(l.entered)), .int(Int64(l.left)), .int(Int64(l.net))]
                    })
    }

    /// The events between the points, one line each: seq, recorded_at, sample_id, type, and what
    /// it changed (as `tslog history` says it).
    public var eventTable: ResultTable {
        ResultTable(columns: ["seq", "recorded_at", "sample_id", "type", "change"],
                    rows: events.map { e in
                        [.int(Int64(e.seq)), .timestamp(e.recordedAt), .text(e.event.sampleID.description),
                         .text(e.event.body.type.rawValue), .text(HistoryEntry.summary(e))]
                    })
    }

    /// The diff in `format`. `from` and `to` are the points as the user named them.
    ///
    /// - `json` (machine format, must not drift): one object, keys `from`, `from_seq`, `to`,
    ///   `to_seq`, `summary` (kind → samples: the six of `summary`, then `removed` and `updated`,
    ///   the same counts as `deleted` and `modified` under issue 19's words), `labels`, `rows`, and with `events` true `events`;
    ///   each array holds objects keyed by the columns of `labelTable`, `rowTable`, `eventTable`,
    ///   except that `changed_columns` and `event_seqs` are JSON arrays. One array element per line.
    /// - `csv` (machine format): `rowTable`, or with `events` true `eventTable`.
    /// - `table` (for people): a heading, the summary, the labels, the rows, and the events; kinds
    ///   in words (`DiffKind.word`); with a `width` (a terminal's) long cells wrap to it, never cut.
    public func render(_ format: OutputFormat, from: String, to: String, events showEvents: Bool, width: Int? = nil) -> String {
        switch format {
        case .csv:
            return (showEvents ? eventTable : rowTable).render(.csv)
        case .table:
            var out = "Diff from \(from) (seq \(fromSeq)) to \(to) (seq \(toSeq))"
            if let t = filter.labelType { out += ", label_type \(t.rawValue)" }
            if let l = filter.label { out += ", label '\(l)'" }
            out += "\n\nSummary\n"
            out += ResultTable(columns: ["kind", "samples"], rows: summaryInWords.map { [.text($0.kind), .int(Int64($0.samples))] })
                .render(.table, width: width, wraps: true)
            out += "\nLabels\n" + labelTable.render(.table, width: width, wraps: true)
            out += "\nRows\n" + rowTable(words: true).render(.table, width: width, wraps: true)
            if showEvents { out += "\nEvents\n" + eventTable.render(.table, width: width, wraps: true) }
            return out
        case .json:
            return String(decoding: json(from: from, to: to, events: showEvents), as: UTF8.self)
        }
    }

    private func json(from: String, to: String, events showEvents: Bool) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.key("from"); w.string(from)
        w.key("from_seq"); w.uint(fromSeq)
        w.key("to"); w.string(to)
        w.key("to_seq"); w.uint(toSeq)
        w.key("summary"); w.beginObject()
        for (kind, n) in summary { w.key(kind); w.int(n) }
        for (key, kind) in Self.summaryAliases { w.key(key); w.int(count(kind)) }
        w.endObject()
        var out = w.bytes
        /// `key` and the table's rows as an array of objects; `special` may write a cell itself.
        func array(_ key: String, _ table: ResultTable, special: (_ row: Int, _ column: String, inout JSONWriter) -> Bool) {
            out += Array(",\n\"\(key)\":".utf8)
            if table.rows.isEmpty { out += Array("[]".utf8); return }
            out += Array("[\n".utf8)
            for (i, row) in table.rows.enumerated() {
                var o = JSONWriter(capacity: 256)
                o.beginObject()
                for (c, name) in table.columns.enumerated() {
                    o.key(name)
                    if !special(i, name, &o) { o.cell(row[c]) }
                }
                o.endObject()
                out += o.bytes
                out += Array((i + 1 < table.rows.count ? ",\n" : "\n").utf8)
            }
            out += Array("]".utf8)
        }
        array("labels", labelTable) { _, _, _ in false }
        array("rows", rowTable) { i, column, o in
            if column == "changed_columns" { o.beginArray(); for name in rows[i].changedColumns { o.string(name) }; o.endArray(); return true }
            if column == "event_seqs" { o.beginArray(); for seq in rows[i].eventSeqs { o.uint(seq) }; o.endArray(); return true }
            return false
        }
        if showEvents { array("events", eventTable) { _, _, _ in false } }
        out += Array("}\n".utf8)
        return out
    }
}
