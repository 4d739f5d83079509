import EventLog
import SampleDomain

/// One question asked at a snapshot: a query and its options.
struct QueryCase: Sendable, CustomStringConvertible {
    var query: DiffQuery
    var options = DiffOptions()
    var description: String { options.description.isEmpty ? query.rawValue : "\(query.rawValue) (\(options))" }
}

/// Something that answers queries from the events, as tslog's CSV: the naive reference fold
/// today, tslog's projections once merged.
struct Side: Sendable {
    var name: String
    var csv: @Sendable (_ events: [(UInt64, SampleEvent)], _ upTo: UInt64, _ query: DiffQuery, _ options: DiffOptions) throws -> String
}

let referenceSide = Side(name: "reference fold") { events, seq, query, options in
    referenceCSV(events: events, upTo: seq, query: query, options: options)
}

/// Every side compared with PostgreSQL. When `TslogSide.swift.pending` is renamed to
/// `TslogSide.swift` (after Projections is merged), add `tslogSide` here.
let comparedSides: [Side] = [referenceSide, tslogSide]

/// Applies a stream of events to PostgreSQL and compares every query's output, at several points
/// of the stream, with each side's answer.
struct DifferentialRun {
    /// Names the stream in messages, e.g. "random seed 3".
    var name: String
    /// Also the schema name, so it must be a plain identifier.
    var schema: String
    var events: [SampleEvent]
    /// Op counts after which to ask every query (0 = the empty table).
    var snapshots: [Int]

    /// The queries asked after `count` ops: every query once, `labels` also for grades only, and
    /// `samples` for labels that exist (the newest and oldest submission's) and some that may not.
    func cases(after count: Int) -> [QueryCase] {
        var list = DiffQuery.allCases.filter { $0 != .samples }.map { QueryCase(query: $0) }
        list.append(QueryCase(query: .labels, options: DiffOptions(labelType: .grade)))
        list.append(QueryCase(query: .failed, options: DiffOptions(limit: 3)))
        list.append(QueryCase(query: .daily, options: DiffOptions(days: 2)))
        list.append(QueryCase(query: .balance, options: DiffOptions(below: 2)))
        let submitted = events.prefix(count).compactMap { e -> SampleSubmitted? in
            if case .submitted(let s) = e.body { return s } else { return nil }
        }
        if let newest = submitted.last {
            list.append(QueryCase(query: .samples, options: DiffOptions(labelType: newest.labelType, label: newest.label)))
        }
        if let oldest = submitted.first { list.append(QueryCase(query: .samples, options: DiffOptions(label: oldest.label))) }
        list.append(QueryCase(query: .samples, options: DiffOptions(label: "Stain")))
        list.append(QueryCase(query: .samples, options: DiffOptions(labelType: .grade, label: "O'Brien's crease")))
        list.append(QueryCase(query: .samples, options: DiffOptions(labelType: .grade, label: "pristine")))
        return list
    }

    /// The whole run as one psql script: table, statements, and at each snapshot a marker line
    /// and a `COPY ... TO STDOUT` per query.
    func script() -> (sql: String, cases: [Int: [QueryCase]]) {
        var sql = SQLWriter.createTable(schema: schema)
        var asked: [Int: [QueryCase]] = [:]
        let points = Set(snapshots)
        for count in 0...events.count {
            if points.contains(count) {
                let list = cases(after: count)
                asked[count] = list
                for (i, c) in list.enumerated() {
                    sql += "\\qecho \(marker) \(count) \(i)\n" + GuideSQL.copy(c.query, c.options) + "\n"
                }
            }
            if count < events.count { sql += SQLWriter.statement(events[count]) + "\n" }
        }
        return (sql, asked)
    }

    let marker = "--8<--"

    /// Splits psql's output at the marker lines: "(op count) (case index)" → CSV text. No query
    /// here has a single column, so no CSV line is empty and empty pieces can be dropped.
    func sections(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        var current: String?
        for line in output.split(separator: "\n") {
            if line.hasPrefix(marker + " ") {
                let parts = line.split(separator: " ")
                current = parts.count == 3 ? "\(parts[1]) \(parts[2])" : nil
                if let key = current { result[key] = "" }
            } else if let key = current {
                result[key, default: ""] += line + "\n"
            }
        }
        return result
    }

    /// Runs the script on `server`; returns one message per disagreement (empty when all agree),
    /// and how many outputs were compared.
    func compare(on server: PostgresServer, sides: [Side] = comparedSides) throws -> (mismatches: [String], compared: Int) {
        let (sql, asked) = script()
        let output = try server.runScript(sql, name: schema)
        let got = sections(output)
        let numbered = events.enumerated().map { (UInt64($0.offset + 1), $0.element) }
        var mismatches: [String] = []
        var compared = 0
        for count in asked.keys.sorted() {
            for (i, c) in asked[count]!.enumerated() {
                guard let postgres = got["\(count) \(i)"] else {
                    mismatches.append("\(name): no PostgreSQL output for \(c) after \(count) ops")
                    continue
                }
                for side in sides {
                    let mine = try side.csv(numbered, UInt64(count), c.query, c.options)
                    compared += 1
                    if mine != postgres {
                        mismatches.append(describe(c, count: count, side: side.name, postgres: postgres, mine: mine))
                    }
                }
            }
        }
        return (mismatches, compared)
    }

    /// Query, stream, op count, the first differing line of each, and the last op applied.
    func describe(_ c: QueryCase, count: Int, side: String, postgres: String, mine: String) -> String {
        let a = postgres.split(separator: "\n", omittingEmptySubsequences: false)
        let b = mine.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let pg = line < a.count ? String(a[line]).debugDescription : "(no line)"
        let other = line < b.count ? String(b[line]).debugDescription : "(no line)"
        let last = count > 0 ? "\nlast op #\(count): \(SQLWriter.statement(events[count - 1]))" : ""
        return "\(c) after \(count) ops of \(name): \(side) differs from PostgreSQL at line \(line + 1)\n"
            + "  postgres: \(pg)\n  \(side): \(other)\(last)"
    }
}
