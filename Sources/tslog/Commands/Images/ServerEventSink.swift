import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Appends input lines through a running `tslog serve` (`POST /v1/events?skip_invalid=true`,
/// NDJSON, `Authorization: Bearer` with the first write token of the token file): how
/// `tslog images fetch --server` records what it fetched while the server holds the log's writer.
/// A success means the server fsynced the events (its 2xx comes only after that).
final class ServerEventSink: @unchecked Sendable {
    let endpoint: URL
    private let token: String
    private let session = URLSession(configuration: .ephemeral)

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
    /// Throws when the server cannot be reached or answers anything but 200 or 201.
    func append(_ lines: [String]) throws -> [Int] {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "skip_invalid", value: "true")]
        var request = URLRequest(url: components.url!, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(lines.joined(separator: "\n").utf8)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)
        session.dataTask(with: request) { data, response, error in
            answer = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = answer.2 {
            throw CLIFailure.runtime("cannot append through \(endpoint.absoluteString): \(error.localizedDescription)")
        }
        let status = (answer.1 as? HTTPURLResponse)?.statusCode ?? 0
        let body = answer.0 ?? Data()
        guard status == 200 || status == 201 else {
            throw CLIFailure.runtime("\(endpoint.absoluteString) answered \(status): \(String(decoding: body.prefix(500), as: UTF8.self))")
        }
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        let receipts = object?["receipts"] as? [[String: Any]] ?? []
        return receipts.indices.filter { receipts[$0]["error"] != nil }
    }
}
