import EventLog
import Projections
import SampleDomain

/// `tslog images check`: the images' quality report.
struct ImagesCheckCommand: Command {
    static let name = "images check"
    static let abstract = "Report missing images, duplicates, label conflicts, mismatches."
    static let usage = ["tslog images check [--format table|json]"]
    static let options: [OptionSpec] = [
        SharedOptions.format([.table, .json]),
    ]
    static let discussion = """
        Over the live samples:
          missing     samples without a stored image (those whose fetch failed too)
          failed      samples whose last fetch failed, with the reason
          duplicates  one SHA-256 stored for two or more samples, with their ids
          conflicts   duplicates whose samples carry different labels
          mismatches  samples whose image_width, image_height or file_size_bytes
                      differ from the stored image

        --format json prints one object with exactly those five keys. Exits 0 when
        nothing is missing, conflicting or mismatched, else 1.

        Stored images that no event names (their fetch's append failed, or the
        fetch was killed, after they were stored) are counted on standard error,
        not in the report: tslog images prune removes them.

        """

    var format: OutputFormat

    init(_ arguments: ParsedArguments) {
        format = arguments.choice("--format") ?? .table
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let state = try ImageState.load(context, at: .end, filter: ExportFilter())
        let check = ImageCheck(rows: state.rows, ledger: state.ledger, store: state.store)
        try context.stdout.write(format == .json ? check.json + "\n" : check.table)
        let unreferenced = state.unreferenced.count
        if unreferenced > 0 {
            context.note("\(unreferenced) stored image\(unreferenced == 1 ? " is" : "s are") named by no event "
                + "(an append failed, or a fetch was killed, after storing them); tslog images prune --dry-run lists them")
        }
        return check.isClean ? ExitCode.success : ExitCode.failure
    }
}
