import EventLog
import Foundation
import Projections
import SampleDomain
import Testing
@testable import tslog

/// Every read route answers with exactly the bytes the built binary prints for the same
/// arguments, and refuses bad parameters with a status and a JSON body naming them.
@Suite("Read routes")
struct ReadRoutesTests {
    /// `SOURCE_DATE_EPOCH` for both sides, so the report's "generated" line is the same.
    static let environment = ["SOURCE_DATE_EPOCH": "1764000000"]

    /// A log of demo samples and edge-case samples (quotes, formulas, 您好🙂, deletions), with
    /// two tags; `body` gets its directory and a sample id that has a history.
    static func withLog(_ body: (String, String) throws -> Void) throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let dir = base.appendingPathComponent("log").path
        let binary = try BinaryRunner.locate()
        let demo = try binary.run(["demo", "--samples", "120", "--log", dir])
        try #require(demo.status == 0, "\(demo.stderrText)")
        try ExportTestLog.make(dir, seed: 3, samples: 40)
        for words in [["tag", "v1", "--at-seq", "100", "--note", "say \"hi\" 您好🙂"], ["tag", "v2"]] {
            let r = try binary.run(words + ["--log", dir])
            try #require(r.status == 0, "\(r.stderrText)")
        }
        let ids = try binary.run(["export", "--format", "jsonl", "--log", dir]).stdoutText
        let id = try #require(ids.split(separator: "\"").dropFirst(3).first.map(String.init))
        try body(dir, id)
    }

    /// The CLI words and the request that must print the same bytes.
    struct Case: CustomStringConvertible {
        var cli: [String]
        var path: String
        var query: [(String, String)] = []
        var description: String { "\(cli.joined(separator: " ")) vs \(path)?\(query.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))" }
    }

    static func cases(id: String, time: String, label: String) -> [Case] {
        var cases: [Case] = []
        for name in QueryName.allCases where name != .samples {
            cases.append(Case(cli: ["query", name.rawValue, "--format", "json"], path: "/v1/query/\(name.rawValue)"))
            cases.append(Case(cli: ["query", name.rawValue, "--format", "csv"], path: "/v1/query/\(name.rawValue)",
                              query: [("format", "csv")]))
        }
        cases += [
            Case(cli: ["query", "samples", "--label", label, "--format", "json"], path: "/v1/query/samples", query: [("label", label)]),
            Case(cli: ["query", "samples", "--label", label, "--label-type", "grade", "--limit", "2", "--format", "csv"],
                 path: "/v1/query/samples", query: [("label", label), ("label_type", "grade"), ("limit", "2"), ("format", "csv")]),
            Case(cli: ["query", "labels", "--label-type", "defect", "--format", "json"], path: "/v1/query/labels",
                 query: [("label_type", "defect")]),
            Case(cli: ["query", "daily", "--days", "3", "--format", "json"], path: "/v1/query/daily", query: [("days", "3")]),
            Case(cli: ["query", "balance", "--below", "50", "--label-type", "region", "--format", "json"],
                 path: "/v1/query/balance", query: [("below", "50"), ("label_type", "region")]),
            Case(cli: ["query", "failed", "--limit", "3", "--format", "json"], path: "/v1/query/failed", query: [("limit", "3")]),
            Case(cli: ["query", "overall", "--as-of-seq", "100", "--format", "json"], path: "/v1/query/overall",
                 query: [("as_of_seq", "100")]),
            Case(cli: ["query", "overall", "--as-of-seq", "0", "--format", "json"], path: "/v1/query/overall",
                 query: [("as_of_seq", "0")]),
            Case(cli: ["query", "labels", "--as-of-tag", "v1", "--format", "json"], path: "/v1/query/labels",
                 query: [("as_of_tag", "v1")]),
            Case(cli: ["query", "label-types", "--as-of", time, "--format", "csv"], path: "/v1/query/label-types",
                 query: [("as_of", time), ("format", "csv")]),
            Case(cli: ["project", "stats", "--format", "json"], path: "/v1/stats"),
            Case(cli: ["project", "stats", "--format", "json", "--as-of-seq", "50"], path: "/v1/stats", query: [("as_of_seq", "50")]),
            Case(cli: ["project", "stats", "--format", "json", "--as-of-tag", "v1"], path: "/v1/stats", query: [("as_of_tag", "v1")]),
            Case(cli: ["history", id, "--format", "json"], path: "/v1/samples/\(id)/history"),
            Case(cli: ["history", id.uppercased(), "--format", "json"], path: "/v1/samples/\(id.uppercased())/history"),
            Case(cli: ["export"], path: "/v1/export"),
            Case(cli: ["export", "--status", "accepted", "--label-type", "grade"], path: "/v1/export",
                 query: [("status", "accepted"), ("label_type", "grade")]),
            Case(cli: ["export", "--label", label, "--format", "json"], path: "/v1/export", query: [("label", label), ("format", "json")]),
            Case(cli: ["export", "--raw-cells"], path: "/v1/export", query: [("raw_cells", "true")]),
            Case(cli: ["export", "--format", "sql", "--sql-form", "rows"], path: "/v1/export", query: [("format", "sql"), ("sql_form", "rows")]),
            Case(cli: ["export", "--format", "sql", "--sql-form", "upsert", "--as-of-seq", "90"], path: "/v1/export",
                 query: [("sql_form", "upsert"), ("format", "sql"), ("as_of_seq", "90")]),
            Case(cli: ["export", "--format", "sql", "--sql-form", "create"], path: "/v1/export", query: [("format", "sql"), ("sql_form", "create")]),
            Case(cli: ["query", "samples", "--label", label, "--format", "csv", "--raw-cells"], path: "/v1/query/samples",
                 query: [("label", label), ("format", "csv"), ("raw_cells", "true")]),
            Case(cli: ["query", "labels", "--format", "csv", "--raw-cells"], path: "/v1/query/labels",
                 query: [("format", "csv"), ("raw_cells", "true")]),
            Case(cli: ["query", "labels", "--format", "csv"], path: "/v1/query/labels", query: [("format", "csv"), ("raw_cells", "false")]),
            Case(cli: ["export", "--as-of-seq", "120", "--format", "sql"], path: "/v1/export", query: [("as_of_seq", "120"), ("format", "sql")]),
            Case(cli: ["export", "--as-of-tag", "v1", "--format", "jsonl"], path: "/v1/export", query: [("as_of_tag", "v1"), ("format", "jsonl")]),
            Case(cli: ["report"], path: "/v1/report"),
            Case(cli: ["report", "--as-of-seq", "80", "--below", "3"], path: "/v1/report", query: [("as_of_seq", "80"), ("below", "3")]),
            // docs/http.md: each read takes its command's options; `report --as-of-tag` is one.
            Case(cli: ["report", "--as-of-tag", "v1"], path: "/v1/report", query: [("as_of_tag", "v1")]),
            Case(cli: ["tags", "--format", "json"], path: "/v1/tags"),
            Case(cli: ["tags", "--format", "csv"], path: "/v1/tags", query: [("format", "csv")]),
        ]
        for format in ExportFormat.allCases {
            cases.append(Case(cli: ["export", "--format", format.rawValue], path: "/v1/export", query: [("format", format.rawValue)]))
        }
        return cases
    }

    @Test func everyRouteAnswersWhatTheBinaryPrints() throws {
        try Self.withLog { dir, id in
            let binary = try BinaryRunner.locate()
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir, environment: Self.environment)
            let time = try #require(try LogReader(directory: dir).lastRecordedAt()).rfc3339()
            let label = "near_mint"
            for c in Self.cases(id: id, time: time, label: label) {
                let cli = try binary.run(c.cli + ["--log", dir], environment: Self.environment)
                #expect(cli.status == 0, "\(c): \(cli.stderrText)")
                let response = try #require(routes.respond(to: ReadRequest(method: "GET", path: c.path, query: c.query)), "\(c)")
                #expect(response.status == 200, "\(c): \(String(decoding: response.body, as: UTF8.self))")
                #expect(response.body == cli.stdout, "\(c)")
                #expect(!cli.stdout.isEmpty, "\(c)")
            }
        }
    }

    /// What a refused request answers: its status and the parameter its body names.
    static func refusal(_ routes: ReadRoutes, method: String = "GET", _ path: String, _ query: [(String, String)] = [],
                        body: String = "") throws -> (status: Int, error: String, parameter: String?) {
        let response = try #require(routes.respond(to: ReadRequest(method: method, path: path, query: query, body: Array(body.utf8))))
        #expect(response.contentType == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return (response.status, try #require(object["error"] as? String),
                (object["parameter"] as? String) ?? (object["field"] as? String))
    }

    @Test func badParametersAreRefusedNamingThem() throws {
        try Self.withLog { dir, id in
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir)
            let cases: [(path: String, query: [(String, String)], status: Int, parameter: String?, says: String)] = [
                ("/v1/query/labels", [("label_type", "color")], 400, "label_type", "'color'"),
                ("/v1/query/labels", [("colour", "x")], 400, "colour", "unknown parameter"),
                ("/v1/query/labels", [("format", "table")], 400, "format", "json or csv"),
                ("/v1/query/labels", [("limit", "-1")], 400, "limit", "at least 0"),
                ("/v1/query/labels", [("limit", "ten")], 400, "limit", "integer"),
                ("/v1/query/labels", [("limit", "1"), ("limit", "2")], 400, "limit", "more than once"),
                ("/v1/query/samples", [("label", "")], 400, "label", "missing value"),
                ("/v1/query/samples", [], 400, "label", "needs label"),
                ("/v1/query/failed", [("label_type", "grade")], 400, "label_type", "does not apply"),
                ("/v1/query/overall", [("as_of_seq", "99999")], 400, "as_of_seq", "beyond the end"),
                ("/v1/query/overall", [("as_of", "yesterday")], 400, "as_of", "RFC 3339"),
                ("/v1/query/overall", [("as_of", "2999-01-01T00:00:00Z")], 400, "as_of", "future"),
                ("/v1/query/overall", [("as_of_tag", "nope")], 400, "as_of_tag", "v1, v2"),
                ("/v1/query/overall", [("as_of_seq", "1"), ("as_of", "2026-01-01T00:00:00Z")], 400, "as_of_seq", "cannot be used together"),
                ("/v1/query/overall", [("label", "--log=/etc")], 400, "label", "does not apply"),
                ("/v1/stats", [("format", "csv")], 400, "format", "json"),
                ("/v1/export", [("raw_cells", "yes")], 400, "raw_cells", "true or false"),
                ("/v1/export", [("raw_cells", "true"), ("format", "json")], 400, "raw_cells", "csv only"),
                ("/v1/export", [("status", "done")], 400, "status", "'done'"),
                ("/v1/export", [("sql_form", "merge"), ("format", "sql")], 400, "sql_form", "create, rows, upsert"),
                ("/v1/export", [("sql_form", "rows")], 400, "sql_form", "sql only"),
                ("/v1/export", [("sql_form", "upsert"), ("format", "sql"), ("label_type", "grade")], 400, "sql_form", "takes no status, label_type or label"),
                ("/v1/query/labels", [("raw_cells", "true")], 400, "raw_cells", "csv only"),
                ("/v1/query/balance", [("fail_if_rows", "true")], 400, "fail_if_rows", "unknown parameter"),
                ("/v1/export", [("out", "/tmp/x")], 400, "out", "unknown parameter"),
                ("/v1/report", [("as_of_tag", "nope")], 400, "as_of_tag", "v1, v2"),
                ("/v1/report", [("as_of_tag", "v1"), ("as_of_seq", "3")], 400, "as_of_seq", "cannot be used together"),
                ("/v1/status", [("x", "1")], 400, "x", "takes none"),
                ("/v1/samples/not-a-uuid/history", [], 400, "id", "not a sample id"),
            ]
            for c in cases {
                let r = try Self.refusal(routes, c.path, c.query)
                #expect(r.status == c.status, "\(c.path) \(c.query): \(r.error)")
                #expect(r.parameter == c.parameter, "\(c.path) \(c.query): \(r.error)")
                #expect(r.error.contains(c.says), "\(c.path) \(c.query): \(r.error)")
                #expect(!r.error.contains("--"), "\(c.path) \(c.query) names an option: \(r.error)")
                #expect(!r.error.contains(" L") && !r.error.contains(" N'"), "\(c.path) \(c.query) names a value: \(r.error)")
            }
            let unknown = try Self.refusal(routes, "/v1/query/label")
            #expect(unknown.status == 404)
            #expect(unknown.error.contains("label-types, labels, failed"))
            let missing = try Self.refusal(routes, "/v1/samples/00000000-0000-4000-8000-000000000000/history")
            #expect(missing.status == 404)
            #expect(try Self.refusal(routes, method: "POST", "/v1/stats").status == 405)
            #expect(try Self.refusal(routes, method: "DELETE", "/v1/tags").status == 405)
            for path in ["/v1/events", "/healthz", "/v1/query", "/v1/query/labels/x", "/v1/stats/", "/v2/stats", "/v1/../etc/passwd", ""] {
                #expect(routes.respond(to: ReadRequest(method: "GET", path: path)) == nil, "\(path)")
            }
        }
    }

    /// A bad value that looks like an option is quoted as given and the parameter it was given
    /// for is named: `label_type=--label` named `label` and quoted the value as `'label'`, since
    /// the options in the message were renamed, the value's among them.
    @Test func aBadValueThatLooksLikeAnOptionIsQuotedAsGiven() throws {
        try Self.withLog { dir, _ in
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir)
            let cases: [(path: String, query: [(String, String)], parameter: String, error: String)] = [
                ("/v1/query/labels", [("label_type", "--label")], "label_type",
                 "invalid value '--label' for 'label_type': expected one of defect, region, grade"),
                ("/v1/export", [("label", "x"), ("status", "--label-type")], "status",
                 "invalid value '--label-type' for 'status': expected one of submitted, accepted, rejected, error"),
                ("/v1/query/daily", [("days", "--as-of-seq")], "days", "invalid value '--as-of-seq' for 'days': expected an integer"),
            ]
            for c in cases {
                let r = try Self.refusal(routes, c.path, c.query)
                #expect(r.status == 400 && r.parameter == c.parameter, "\(c.query): \(r.error)")
                #expect(r.error == c.error, "\(c.query)")
            }
        }
    }

    @Test func postTagsSetsMovesAndRefusesAsTheCLIDoes() throws {
        try Self.withLog { dir, _ in
            let binary = try BinaryRunner.locate()
            let writer = try GroupCommitWriter(directory: dir)
            defer { try? writer.close() }
            let live = try LiveState(directory: dir)
            let routes = ReadRoutes(live: live, logDirectory: dir, append: { records in
                guard let result = try writer.append(records) else { preconditionFailure("one record appended") }
                return result.firstSeq
            })
            let last = live.seq
            func post(_ body: String) throws -> ReadResponse {
                try #require(routes.respond(to: ReadRequest(method: "POST", path: "/v1/tags", body: Array(body.utf8), actor: "ci")))
            }
            let set = try post(#"{"name":"v3","at_seq":10,"note":"first cut"}"#)
            #expect(set.status == 201)
            #expect(String(decoding: set.body, as: UTF8.self)
                    == #"{"name":"v3","seq":10,"record_seq":\#(last + 1),"note":"first cut","moved_from":null}"# + "\n")
            #expect(set.seq == last + 1)
            let exists = try Self.refusal(routes, method: "POST", "/v1/tags", body: #"{"name":"v3"}"#)
            #expect(exists.status == 409)
            // The way out is named as an HTTP client takes it, not as the CLI's option.
            #expect(exists.error == #"tag 'v3' already exists (at seq 10); send "move":true to move it"#, "\(exists.error)")
            let moved = try post(#"{"name":"v3","move":true}"#)
            #expect(moved.status == 201)
            #expect(String(decoding: moved.body, as: UTF8.self)
                    == #"{"name":"v3","seq":\#(last + 1),"record_seq":\#(last + 2),"note":null,"moved_from":10}"# + "\n")
            for (body, field) in [(#"{"name":"v4","at_seq":999999}"#, "at_seq"), (#"{"name":"12"}"#, "name"), (#"{"nam":"x"}"#, "nam"),
                                  (#"{"name":"x","move":"yes"}"#, "move"), ("[]", nil), ("", nil)] {
                let r = try Self.refusal(routes, method: "POST", "/v1/tags", body: body)
                #expect(r.status == 400, "\(body): \(r.error)")
                #expect(r.parameter == field, "\(body): \(r.error)")
                // Named in the message too, as the other at_seq refusals and the CLI's --at-seq are.
                if field == "at_seq" { #expect(r.error.hasPrefix("field 'at_seq': seq 999999 is beyond the end of the log"), "\(r.error)") }
            }
            try writer.close()
            let cli = try binary.run(["tags", "--format", "json", "--log", dir])
            #expect(routes.respond(to: ReadRequest(method: "GET", path: "/v1/tags"))?.body == cli.stdout)
            #expect(cli.stdoutText.contains(#""name":"v3""#))
        }
    }

    @Test func statusNamesTheLogsPositionAndSize() throws {
        try Self.withLog { dir, _ in
            let live = try LiveState(directory: dir)
            let routes = ReadRoutes(live: live, logDirectory: dir)
            let response = try #require(routes.respond(to: ReadRequest(method: "GET", path: "/v1/status")))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            let size = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") }
                .map { try FileManager.default.attributesOfItem(atPath: dir + "/" + $0)[.size] as? Int ?? -1 }
            #expect(object["last_seq"] as? Int == Int(live.seq))
            #expect(response.seq == live.seq)
            #expect(object["segments"] as? Int == size.count)
            #expect(object["bytes"] as? Int == size.reduce(0, +))
            #expect((object["uptime_seconds"] as? Int).map { $0 >= 0 } == true)
        }
    }

    @Test func theOpenAPIDocumentIsJSONAndDescribesEveryRoute() throws {
        try Self.withLog { dir, _ in
            let routes = ReadRoutes(live: try LiveState(directory: dir), logDirectory: dir)
            let response = try #require(routes.respond(to: ReadRequest(method: "GET", path: "/v1/openapi.json")))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(object["openapi"] as? String == "3.1.0")
            let paths = try #require(object["paths"] as? [String: [String: Any]])
            for (method, path) in ReadRoutes.paths {
                #expect(paths[path]?[method.lowercased()] != nil, "\(method) \(path)")
            }
            for path in ["/v1/events", "/v1/events/stream", "/v1/hooks/supabase", "/metrics", "/healthz"] {
                #expect(paths[path] != nil, "\(path)")
            }
            // docs/http.md's table of endpoints names the same methods and paths.
            let docs = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/http.md").path, encoding: .utf8)
            var documented: Set<String> = []
            for line in docs.split(separator: "\n") where line.hasPrefix("| `GET /") || line.hasPrefix("| `POST /") {
                let words = line.dropFirst(3).prefix { $0 != "`" }.split(separator: " ")
                let path = words[1].prefix { $0 != "?" }.replacingOccurrences(of: "NAME", with: "{name}")
                    .replacingOccurrences(of: "ID", with: "{id}")
                documented.insert("\(words[0].lowercased()) \(path)")
            }
            let described = Set(paths.flatMap { path, methods in methods.keys.map { "\($0) \(path)" } })
            #expect(documented == described)

            // Every status a route answers is one its operation lists: a parameter it does not
            // take is 400 on each read route; every endpoint but /healthz needs a token (401).
            for (method, path) in ReadRoutes.paths where method == "GET" {
                let concrete = path.replacingOccurrences(of: "{name}", with: "overall")
                    .replacingOccurrences(of: "{id}", with: "00000000-0000-4000-8000-000000000001")
                let refused = try #require(routes.respond(to: ReadRequest(method: "GET", path: concrete, query: [("zz", "1")])))
                let responses = (paths[path]?["get"] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(responses[String(refused.status)] != nil, "GET \(path)?zz=1 is \(refused.status), which the document does not list")
            }
            for (path, methods) in paths where path != "/healthz" {
                for (method, operation) in methods {
                    let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                    #expect(responses["401"] != nil, "\(method) \(path) needs a token but lists no 401")
                }
            }

            // Each read route's parameters are exactly the ones it accepts, and an enum is exactly
            // the values the command's option accepts.
            let components = try #require(object["components"] as? [String: Any])
            let shared = try #require(components["parameters"] as? [String: [String: Any]])
            for route in ReadRoutes.parametersByPath {
                let listed = try #require(paths[route.path]?["get"] as? [String: Any])["parameters"] as? [[String: Any]] ?? []
                let query = try listed.map { p -> [String: Any] in
                    guard let ref = p["$ref"] as? String else { return p }
                    return try #require(shared[String(ref.split(separator: "/").last ?? "")], "\(ref)")
                }.filter { $0["in"] as? String == "query" }
                #expect(Set(query.compactMap { $0["name"] as? String }) == Set(route.parameters.parameters.map(\.name)), "\(route.path)")
                for p in query {
                    let name = p["name"] as? String ?? ""
                    let schema = p["schema"] as? [String: Any] ?? [:]
                    #expect(schema["format"] as? String != "date-time", "\(route.path) \(name): a time is not only RFC 3339")
                    guard let values = schema["enum"] as? [String],
                          let parameter = route.parameters.parameters.first(where: { $0.name == name }) else { continue }
                    let accepted = parameter.choices
                        ?? route.command.options.first { $0.name == parameter.option }.flatMap { option -> [String]? in
                            if case .choice(let choices) = option.kind { return choices } else { return nil }
                        }
                    #expect(values == accepted, "\(route.path) \(name)")
                }
            }
            // The time forms the document shows are the ones the parser reads.
            let time = try #require((components["schemas"] as? [String: [String: Any]])?["Time"])
            let examples = try #require(time["examples"] as? [String])
            #expect(examples.count == 4 && examples.allSatisfy { Timestamp(pointInTime: $0) != nil })
            let pattern = try NSRegularExpression(pattern: try #require(time["pattern"] as? String))
            for text in examples + ["2026-11-20T10:15:00+01:00", "2026-11-20 09:15:00.123456789+0530", "2026-11-20t09:15z", "2026-11-20 09:15:00-00:53:28"] {
                #expect(Timestamp(pointInTime: text) != nil, "\(text)")
                #expect(pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(text)")
            }
        }
    }
}
