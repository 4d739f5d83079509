import Foundation
import Testing

/// `POST /v1/events`, `GET /v1/events` and the event stream refuse a query parameter they do not
/// take, one given twice, and a `type` that is no record type — 400 naming the parameter, as the
/// read endpoints refuse them and `tslog log` refuses an unknown option or `--type`. They were
/// ignored: `?skipInvalid=true` appended nothing of a batch the caller meant to be partly
/// appended, `?sample=ID` answered every event, `?type=sample.relabelled` answered none.
@Suite("tslog serve: the events endpoints' parameters")
struct ServerEventsParametersTests {
    @Test func unknownRepeatedAndMisspeltParametersAreRefused() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(1, eventID: "e1")).status == 201)

        let refusals: [(method: String, target: String, parameter: String, message: String)] = [
            ("POST", "/v1/events?skipInvalid=true", "skipInvalid", "unknown parameter 'skipInvalid'; expected one of: skip_invalid"),
            ("POST", "/v1/events?skip_invalid=true&skip_invalid=false", "skip_invalid", "parameter 'skip_invalid' was given more than once"),
            ("GET", "/v1/events?sample=\(ServerLines.sampleID(9))", "sample",
             "unknown parameter 'sample'; expected one of: from_seq, limit, type, sample_id"),
            ("GET", "/v1/events?from_seq=1&from_seq=2", "from_seq", "parameter 'from_seq' was given more than once"),
            ("GET", "/v1/events?type=sample.relabelled", "type",
             "invalid value 'sample.relabelled' for parameter 'type': expected one of sample.submitted, nyckel.responded, nyckel.resubmitted, sample.relabeled, sample.deleted, image.fetched, image.fetch_failed, sample.updated, tag.set, log.lost"),
            ("GET", "/v1/events?limit=abc", "limit", "invalid value 'abc' for 'limit': expected an integer"),
            // The bounds and words of tslog log --from-seq and --limit: seqs past Int's range are
            // refused as the CLI refuses them (they were taken up to 2^64-1 and answered nothing).
            ("GET", "/v1/events?from_seq=0", "from_seq", "invalid value '0' for 'from_seq': expected an integer of at least 1"),
            ("GET", "/v1/events?from_seq=10000000000000000000", "from_seq",
             "invalid value '10000000000000000000' for 'from_seq': expected an integer from 1 to 9223372036854775807"),
            ("GET", "/v1/events?limit=100001", "limit", "invalid value '100001' for 'limit': expected an integer from 1 to 100000"),
            ("GET", "/v1/events/stream?from_seq=-1", "from_seq", "invalid value '-1' for 'from_seq': expected an integer of at least 1"),
            ("GET", "/v1/events/stream?limit=5", "limit", "unknown parameter 'limit'; expected one of: from_seq, type, sample_id"),
        ]
        for r in refusals {
            let body = r.method == "POST" ? ServerLines.submit(2) + "\n" + #"{"type":"sample.submitted","sample_id":"x"}"# : nil
            // A short receive timeout: an accepted stream would otherwise never end.
            let client = try HTTPClient(port: server.port, receiveTimeout: 3)
            defer { client.close() }
            let answer = try client.request(r.method, r.target, token: ServerProcess.writeToken, body: body.map { Array($0.utf8) })
            #expect(answer.status == 400, "\(r.target): \(answer.text)")
            #expect(answer.json["error"] as? String == r.message, "\(r.target): \(answer.text)")
            #expect(answer.json["parameter"] as? String == r.parameter, "\(r.target): \(answer.text)")
        }
        // Nothing was appended; the parameters as documented still work.
        #expect(try storedRecords(server.log).count == 1)
        #expect(try server.request("GET", "/v1/events?type=sample.submitted&from_seq=1&limit=5").text.contains(#""event_id":"e1""#))
        let partly = try server.request("POST", "/v1/events?skip_invalid=true",
                                        body: ServerLines.submit(2) + "\n" + #"{"type":"sample.submitted","sample_id":"x"}"#)
        #expect(partly.status == 201 && partly.json["appended"] as? Int == 1, "\(partly.text)")
        #expect(try server.stop() == 0)
    }

    /// A value that does not decode — a bad `%` escape, or bytes that are not UTF-8, as a label
    /// sent in Latin-1 (`%E9` for é) — is 400 naming its parameter, as every other bad value is;
    /// the refusal named none. A name that does not decode cannot be named.
    @Test func aValueThatDoesNotDecodeNamesItsParameter() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        let refusals: [(target: String, parameter: String?, message: String)] = [
            ("/v1/query/samples?label=%E9t%E9", "label", "parameter 'label': malformed percent-encoding or not UTF-8"),
            ("/v1/export?format=csv&label=%zz", "label", "parameter 'label': malformed percent-encoding or not UTF-8"),
            ("/v1/events?from_seq=1&sample_id=%C3", "sample_id", "parameter 'sample_id': malformed percent-encoding or not UTF-8"),
            ("/v1/query/labels?%FF=1", nil, "malformed percent-encoding in the query"),
        ]
        for r in refusals {
            let answer = try server.request("GET", r.target, token: ServerProcess.readToken)
            #expect(answer.status == 400, "\(r.target): \(answer.text)")
            #expect(answer.json["error"] as? String == r.message, "\(r.target): \(answer.text)")
            #expect(answer.json["parameter"] as? String == r.parameter, "\(r.target): \(answer.text)")
        }
        // The same label percent-encoded as UTF-8 is a label like any other.
        #expect(try server.request("GET", "/v1/query/samples?label=%C3%A9t%C3%A9", token: ServerProcess.readToken).status == 200)
        #expect(try server.stop() == 0)
    }
}
