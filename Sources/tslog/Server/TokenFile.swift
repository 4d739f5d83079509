import EventLog
import Foundation

/// Who may call the server: the token file's entries.
///
/// The file has one entry per line, `ROLE NAME TOKEN` separated by spaces or tabs: ROLE is
/// `read` or `write` (a write token may also read), NAME is who holds it (recorded as `actor`
/// on what it appends), TOKEN the secret sent as `Authorization: Bearer TOKEN`. Blank lines and
/// lines starting with `#` are ignored. The file must not be readable by anyone but its owner:
/// a file with any group or other permission bit is refused.
struct TokenFile: Sendable {
    enum Role: String, Sendable {
        case read, write
    }

    struct Entry: Sendable {
        var role: Role
        var name: String
        var token: [UInt8]
    }

    var entries: [Entry]

    /// The shortest token accepted: a guessable token is no lock.
    static let minimumTokenLength = 16

    /// Reads and checks the file at `path`.
    /// - Throws: `CLIFailure.runtime` naming the file (and the line) for anything wrong.
    static func load(_ path: String) throws -> TokenFile {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw CLIFailure.runtime("cannot read token file '\(path)': \(error.localizedDescription)")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw CLIFailure.runtime("token file '\(path)' is readable by others (mode \(String(mode, radix: 8))): run chmod 600 '\(path)'")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.runtime("cannot read token file '\(path)'")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a token file; `path` names it in errors.
    static func parse(_ text: String, path: String) throws -> TokenFile {
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            func refuse(_ message: String) -> CLIFailure {
                CLIFailure.runtime("token file '\(path)', line \(index + 1): \(message)")
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count == 3 else { throw refuse("expected 'ROLE NAME TOKEN', got \(words.count) word\(words.count == 1 ? "" : "s")") }
            guard let role = Role(rawValue: words[0]) else { throw refuse("role must be 'read' or 'write', got '\(RequestHeadParser.printable(words[0]))'") }
            let token = Array(words[2].utf8)
            guard token.count >= minimumTokenLength else { throw refuse("the token is shorter than \(minimumTokenLength) characters") }
            guard token.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw refuse("the token must be printable ASCII") }
            guard words[1].utf8.count <= 256, words[1].unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw refuse("the name must be at most 256 bytes without control characters")
            }
            if entries.contains(where: { $0.token == token }) { throw refuse("this token is already on an earlier line") }
            entries.append(Entry(role: role, name: words[1], token: token))
        }
        guard !entries.isEmpty else { throw CLIFailure.runtime("token file '\(path)' has no tokens: the server would refuse everyone") }
        return TokenFile(entries: entries)
    }

    /// Creates a token file at `path` with one random write token named `name`, mode 0600 from
    /// the start. Returns the token.
    static func create(_ path: String, name: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
        let text = """
            # tslog serve tokens: ROLE NAME TOKEN, one per line (ROLE: read or write).
            # Clients send 'Authorization: Bearer TOKEN'. Keep this file private (chmod 600).
            write \(name) \(token)

            """
        try PrivateFile.create(path, contents: Array(text.utf8))
        return token
    }

    /// The entry whose token is `presented`, comparing in constant time: every entry is compared
    /// over its whole length whatever matches, so the time taken says nothing about the tokens.
    func entry(presented: [UInt8]) -> Entry? {
        var found: Entry?
        for entry in entries {
            if TokenFile.constantTimeEqual(entry.token, presented) { found = entry }
        }
        return found
    }

    /// Equality whose time depends only on the lengths, not on where the bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        if a.count != b.count { difference |= 1 }
        for i in 0..<a.count {
            difference |= a[i] ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
