import EventLog

/// `tslog images verify`: re-hashes every stored image and names each whose bytes changed.
struct ImagesVerifyCommand: Command {
    static let name = "images verify"
    static let abstract = "Re-hash every stored image; name each whose bytes changed."
    static let usage = ["tslog images verify [--log DIR]"]
    static let discussion = """
        Reads every blob under DIR/images/sha256/ and compares its SHA-256 with
        its name. Exits 0 with a summary when all match, and 1 naming each damaged
        or unreadable one ('damaged: SHA256'). A damaged blob is left in place:
        delete it and run 'tslog images fetch' to download it again.

        """

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> Int32 {
        _ = try LogAccess.reader(context)  // a missing log directory is an error naming it
        let store = BlobStore(logDirectory: context.logDirectory)
        let names = store.allBlobs()
        let progress = Progress(context, label: "verify", total: names.count)
        var bad: [String] = []
        var bytes = 0
        for (i, name) in names.enumerated() {
            do {
                let data = try store.read(name)
                bytes += data.count
                if SHA256.hex(SHA256.hash(data)) != name { bad.append("damaged: \(name)") }
            } catch {
                bad.append("unreadable: \(name): \(error)")
            }
            progress.update(i + 1)
        }
        progress.finish()
        for line in bad { try context.stdout.writeLine(line) }
        if !bad.isEmpty {
            try context.stdout.writeLine("\(bad.count) of \(names.count) stored image\(names.count == 1 ? "" : "s") damaged")
            return ExitCode.failure
        }
        try context.stdout.writeLine("ok: \(names.count) stored image\(names.count == 1 ? "" : "s"), \(bytes) bytes")
        return ExitCode.success
    }
}
