import EventLog
import Foundation
import Projections
import SampleDomain

/// `tslog images prune`: removes the stored images no event names, as `git gc` prunes
/// unreachable objects. They are left when a fetch (or the demo) stored an image and the append
/// of its `image.fetched` then failed (a full disk, a refused batch) or the process was killed
/// in between. They are not removed when that append fails: the next fetch of the same URL
/// finds the bytes stored and records them without writing them again, and a kill leaves the
/// same blobs with nobody to remove them. The store's lock is held throughout (no fetch runs
/// meanwhile), and a blob stored less than `--grace-seconds` ago is kept anyway, so an event
/// naming it that is still on its way (an `image.fetched` appended by hand, through the server)
/// is never raced.
struct ImagesPruneCommand: Command {
    static let name = "images prune"
    static let abstract = "Remove stored images that no event names."
    static let usage = ["tslog images prune [--dry-run] [--grace-seconds N]"]
    static let options: [OptionSpec] = [
        .flag("--dry-run", help: "List what would be removed; remove nothing."),
        .option("--grace-seconds", "N", .integer(minimum: 0), help: "Keep images stored less than N seconds ago.", default: "3600"),
    ]
    static let discussion = """
        An image is stored before the image.fetched event that names it is appended;
        when that append fails (a full disk, a refused batch) or the fetch is killed
        in between, the image stays in DIR/images with no event naming it. tslog
        images check counts them; this command lists them (sha256 and bytes) and
        removes them, except those stored less than --grace-seconds ago. An image
        that any image.fetched of the log names is kept, whichever sample and
        however old the event. It holds the image store's lock, as images fetch
        does: it waits for no fetch and fails when one runs.

        """

    var dryRun: Bool
    var graceSeconds: Int

    init(_ arguments: ParsedArguments) {
        dryRun = arguments.flag("--dry-run")
        graceSeconds = arguments.integer("--grace-seconds") ?? 3600
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let store = BlobStore(logDirectory: context.logDirectory)
        guard FileManager.default.fileExists(atPath: store.root) else {
            try context.stdout.writeLine("no image store in \(context.logDirectory)")
            return ExitCode.success
        }
        let lock = try store.lockForWriting()
        defer { lock.release() }
        let state = try ImageState.load(context, at: .end, filter: ExportFilter())
        let cutoff = Date().addingTimeInterval(-Double(graceSeconds))
        var removed = 0, bytes = 0, recent = 0
        for name in state.unreferenced {
            guard let stored = store.stored(name) else { continue }
            guard stored.at <= cutoff else { recent += 1; continue }
            let size = stored.bytes
            if !dryRun { try store.remove(name) }
            try context.stdout.writeLine("\(dryRun ? "would remove" : "removed") \(name) (\(size) bytes)")
            removed += 1
            bytes += size
        }
        var summary = "\(dryRun ? "would remove" : "removed") \(removed) unreferenced image\(removed == 1 ? "" : "s") (\(bytes) bytes)"
        if recent > 0 { summary += "; kept \(recent) stored less than \(graceSeconds) s ago" }
        try context.stdout.writeLine(summary)
        return ExitCode.success
    }
}
