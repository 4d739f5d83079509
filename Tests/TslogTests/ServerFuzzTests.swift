import Foundation
import SampleDomain
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A seeded mutation fuzz of `tslog serve`'s HTTP/1.1 parser and handlers: valid requests of
/// every kind (appends, chunked appends, reads, the event stream resumed, the webhook, the
/// desk's writes), pipelined, then mutated — bytes flipped, deleted, repeated, and framing
/// pieces inserted (huge and negative lengths and chunk sizes, extreme `Last-Event-ID`s,
/// `Expect`, stray CRLFs) — and sent in random pieces on a half-closed socket. Every answer is
/// a status line (never a 500) or a close; a normal request is answered after every few cases;
/// what the log stores reads back. Deterministic: the seed fixes every byte.
@Suite("tslog serve: seeded request fuzz")
struct ServerFuzzTests {
    static let cases = 600

    @Test func mutatedRequestsGetAStatusOrACloseAndTheServerKeepsServing() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path, arguments: ["--read-timeout", "2", "--max-body", "65536"])
        var random = SplitMix64(seed: 0x5EED_F022)
        var statuses: [Int: Int] = [:]
        for n in 0..<Self.cases {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { bytes += Self.request(&random) }
            if Int.random(in: 0..<5, using: &random) > 0 { bytes = Self.mutate(bytes, &random) }
            let answer = try Self.exchange(bytes, port: server.port, random: &random)
            let text = String(decoding: answer.prefix(4096), as: UTF8.self)
            if !answer.isEmpty {
                #expect(text.hasPrefix("HTTP/1.1 "), "case \(n): \(text.prefix(80).debugDescription)")
            }
            for line in text.split(separator: "\r\n") where line.hasPrefix("HTTP/1.1 ") {
                let status = Int(line.dropFirst(9).prefix(3)) ?? 0
                statuses[status, default: 0] += 1
                #expect((100..<600).contains(status) && status != 500,
                        "case \(n) answered \(line): \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
            }
            if n % 10 == 9 {
                let health = try? server.request("GET", "/healthz", token: nil)
                #expect(health?.status == 200, "after case \(n) the server does not answer: \(server.stderrText.suffix(400))")
                if health?.status != 200 { return }
            }
        }
        #expect(try server.request("GET", "/healthz", token: nil).status == 200)
        // What was appended reads back, every line checksummed.
        _ = try storedRecords(server.log)
        #expect(statuses.count >= 6, "\(statuses)")
        print("request fuzz: \(Self.cases) cases, statuses \(statuses.sorted { $0.key < $1.key })")
    }

    static let write = "Authorization: Bearer \(ServerProcess.writeToken)\r\n"
    static let read = "Authorization: Bearer \(ServerProcess.readToken)\r\n"

    /// One valid request of a random kind.
    static func request(_ random: inout SplitMix64) -> [UInt8] {
        let n = Int.random(in: 1...40, using: &random)
        let body = ServerLines.submit(n)
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            return Array("POST /v1/events HTTP/1.1\r\nHost: t\r\n\(write)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        case 1:
            var chunked = "POST /v1/events HTTP/1.1\r\nHost: t\r\n\(write)Transfer-Encoding: chunked\r\n\r\n"
            var rest = Substring(body)
            while !rest.isEmpty {
                let piece = rest.prefix(Int.random(in: 1...60, using: &random))
                rest = rest.dropFirst(piece.count)
                chunked += String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
            }
            return Array((chunked + "0\r\n\r\n").utf8)
        case 2:
            return Array("GET /v1/events?from_seq=\(n)&limit=5 HTTP/1.1\r\nHost: t\r\n\(read)\r\n".utf8)
        case 3:
            let resume = ["1", "0", "18446744073709551615", "18446744073709551614", "99999999999999999999", "-1", ""]
            return Array("GET /v1/events/stream HTTP/1.1\r\nHost: t\r\n\(read)Last-Event-ID: \(resume[Int.random(in: 0..<resume.count, using: &random)])\r\n\r\n".utf8)
        case 4:
            let hook = #"{"type":"INSERT","table":"training_samples","schema":"public","old_record":null,"record":{"id":"\#(ServerLines.sampleID(n))","created_at":"2026-11-25T12:00:00Z","image_url":"https://x.example/\#(n).jpg","image_path":"\#(n).jpg","label":"mint","label_type":"grade"}}"#
            return Array("POST /v1/hooks/supabase HTTP/1.1\r\nHost: t\r\n\(write)Content-Length: \(hook.utf8.count)\r\n\r\n\(hook)".utf8)
        case 5:
            let desk = #"{"sample_id":"\#(ServerLines.sampleID(n))","expect_last_seq":1,"label":"<b>x</b>"}"#
            return Array("POST /desk/api/relabel HTTP/1.1\r\nHost: h\r\nOrigin: http://h\r\nCookie: tslog_session=\(n)\r\nContent-Length: \(desk.utf8.count)\r\n\r\n\(desk)".utf8)
        case 6:
            return Array("GET /v1/samples/\(ServerLines.sampleID(n))/history HTTP/1.1\r\nHost: t\r\n\(read)\r\n".utf8)
        default:
            return Array("GET /healthz?x=%41 HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        }
    }

    static let inserts: [String] = [
        "\r\n", "\r\n\r\n", "\n", " ", "\0", ":", ",", "Content-Length: 9223372036854775807\r\n", "Content-Length: -5\r\n",
        "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n", "ffffffffffffffff\r\n", "fffffffffffffff\r\n", "7fffffff\r\n",
        "-1\r\n", "0;x=1\r\n\r\n", "Expect: 100-continue\r\n", "Connection: close\r\n", "Last-Event-ID: 18446744073709551615\r\n",
        "Last-Event-ID: 18446744073709551614\r\n", "%", "%zz", "?", "#", "\u{FF}",
    ]

    /// One to five mutations of `bytes`.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var b = bytes
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            let at = Int.random(in: 0...b.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: if at < b.count { b[at] = UInt8.random(in: 0...255, using: &random) }
            case 1: b.insert(contentsOf: Array(inserts[Int.random(in: 0..<inserts.count, using: &random)].utf8), at: at)
            case 2: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...24, using: &random)))
            case 3:
                let from = Int.random(in: 0...b.count, using: &random)
                b.insert(contentsOf: b[from..<min(b.count, from + Int.random(in: 1...200, using: &random))], at: at)
            default: b.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "A"), count: [100, 5000, 17000][Int.random(in: 0..<3, using: &random)]), at: at)
            }
        }
        return b
    }

    /// Sends `bytes` in random pieces, ends the sending side, and reads until the server closes
    /// (or, for an event stream, until its first line).
    static func exchange(_ bytes: [UInt8], port: UInt16, random: inout SplitMix64) throws -> [UInt8] {
        let client = try HTTPClient(port: port, receiveTimeout: 20)
        defer { client.close() }
        var at = 0
        while at < bytes.count {
            let n = Bool.random(using: &random) ? bytes.count - at : min(bytes.count - at, Int.random(in: 1...64, using: &random))
            guard client.send(Array(bytes[at..<(at + n)])) else { break }
            at += n
        }
        shutdown(client.fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 {
                // A receive timeout means the server neither answered nor closed: a hang.
                #expect(n == 0 || errno == ECONNRESET, "no answer and no close within 20 s: \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
                break
            }
            answer += chunk[..<n]
            // An event stream goes on by design: its first line is enough.
            if String(decoding: answer, as: UTF8.self).contains("text/event-stream"),
               String(decoding: answer, as: UTF8.self).contains("retry:") { break }
        }
        return answer
    }
}
