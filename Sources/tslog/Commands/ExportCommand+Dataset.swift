import EventLog
import Projections
import SampleDomain

/// `tslog export --format dataset --out DIR`: the stored images in class folders (see
/// `DatasetExport` for the layout).
extension ExportCommand {
    func validateDataset() throws {
        if !dataset {
            if split != nil { throw CLIFailure.usage("option '--split' applies to --format dataset only") }
            if skipMissing { throw CLIFailure.usage("option '--skip-missing' applies to --format dataset only") }
            return
        }
        if out == nil { throw CLIFailure.usage("--format dataset needs --out DIR (a new or empty directory)") }
        if let split {
            do { _ = try DatasetSplit(parsing: split) } catch { throw CLIFailure.usage("option '--split': \(error)") }
        }
    }

    func runDataset(_ context: CommandContext) throws -> Int32 {
        guard let out else { throw CLIFailure.usage("--format dataset needs --out DIR") }
        let parts = try split.map { text in try DatasetSplit(parsing: text) }
        let state = try ImageState.load(context, at: SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag),
                                        validAt: validAt, filter: filter)
        let report: DatasetExport.Report
        do {
            report = try DatasetExport.write(state.rows, images: state.ledger.storedImages(in: state.store), store: state.store,
                                             to: out, split: parts, skipMissing: skipMissing)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
        var note = "exported \(report.written) image\(report.written == 1 ? "" : "s")"
            + (validAt.map { " at valid time \($0.rfc3339(.microseconds))" } ?? "") + " as of seq \(state.seq) to \(out)"
        if !report.perSplit.isEmpty {
            note += " (" + (parts?.parts ?? []).map { "\($0.name) \(report.perSplit[$0.name] ?? 0)" }.joined(separator: ", ") + ")"
        }
        if !report.skipped.isEmpty { note += "; skipped \(report.skipped.count) without a stored image" }
        context.note(note)
        for odd in parts?.namesReadersDisagreeOn ?? [] {
            context.note("split '\(odd.name)': Hugging Face imagefolder reads it as "
                + (odd.huggingFace.map { "'\($0)'" } ?? "no split") + ", Roboflow's upload as '\(odd.roboflow)'"
                + " (both read train, valid or validation, and test alike)")
        }
        return ExitCode.success
    }
}
