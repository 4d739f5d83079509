import Foundation
import SampleDomain

/// Appends input lines through a running `tslog serve` (`POST /v1/events?skip_invalid=true`,
/// NDJSON, `Authorization: Bearer` with the first write token of the token file): how
/// `tslog images fetch --server` records what it fetched while the server holds the log's writer.
/// A success means the server fsynced the events (its 2xx comes only after that).
final class ServerEventSink: @unchecked Sendable {
    let endpoint: URL
    private let token: String

    /// `http://HOST:PORT` (a trailing `/` allowed), or a usage error naming the option.
    static func baseURL(_ text: String) throws -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil,
              url.path.isEmpty, url.query == nil else {
            throw CLIFailure.usage("option '--server': expected http://HOST:PORT (the address tslog serve printed), got '\(text)'")
        }
        return url
    }

    init(server: String, tokenFile: String) throws {
        endpoint = try Self.baseURL(server).appendingPathComponent("v1/events")
        let tokens = try TokenFile.load(tokenFile)
        guard let entry = tokens.entries.first(where: { $0.role == .write }) else {
            throw CLIFailure.runtime("token file '\(tokenFile)' has no write token: --server needs one to append")
        }
        token = String(decoding: entry.token, as: UTF8.self)
    }

    /// Appends `lines`; returns the 0-based positions of those the server refused (their receipts
    /// carry an error).
    /// Throws when the server cannot be reached, answers anything but 200 or 201, or answers
    /// without a receipt for each line: only tslog serve's receipts say what was appended, and
    /// another server at that address (a 200 page for any POST) must not count as a success.
    func append(_ lines: [String]) throws -> [Int] {
        let target = endpoint.absoluteString + "?skip_invalid=true"
        let curl: Curl
        switch Curl.shared {
        case .success(let loaded): curl = loaded
        case .failure(let error): throw CLIFailure.runtime("cannot append through \(endpoint.absoluteString): libcurl: \(error)")
        }
        guard let handle = curl.makeHandle() else {
            throw CLIFailure.runtime("cannot append through \(endpoint.absoluteString): libcurl could not make a handle")
        }
        defer { curl.release(handle) }
        let request = Curl.Request(url: target, body: Array(lines.joined(separator: "\n").utf8),
                                   headers: ["Authorization: Bearer \(token)", "Content-Type: application/x-ndjson"],
                                   timeout: 120, maxBytes: 1 << 30, only2xxBodies: false)
        let answer = curl.perform(request, on: handle)
        if answer.code != 0 {
            throw CLIFailure.runtime("cannot append through \(endpoint.absoluteString): \(answer.message)")
        }
        let status = answer.status ?? 0
        let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        guard status == 200 || status == 201 else {
            throw CLIFailure.runtime("\(endpoint.absoluteString) answered \(status): \(Self.excerpt(answer.body, object))")
        }
        guard let receipts = object?["receipts"] as? [[String: Any]], receipts.count == lines.count else {
            throw CLIFailure.runtime("\(endpoint.absoluteString) answered \(status) without a receipt for each line, "
                + "so nothing is known to be appended (is it the tslog serve of this log?): \(Self.excerpt(answer.body, object))")
        }
        return receipts.indices.filter { receipts[$0]["error"] != nil }
    }

    /// What an answer says, on one line: tslog's `error`, else the start of the body with each
    /// run of white space (line breaks too) made one space.
    static func excerpt(_ body: [UInt8], _ object: [String: Any]?) -> String {
        if let error = object?["error"] as? String { return error }
        let words = String(decoding: body.prefix(300), as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if words.isEmpty { return "an empty body" }
        return body.count > 300 ? words + " …" : words
    }
}
