import EventLog
import Projections
import SampleDomain

/// `tslog export --format label-studio --label-type T --labeling-config FILE`: the Label Studio
/// project's labeling config beside the tasks (see `LabelStudioConfig` for what it holds).
extension ExportCommand {
    /// `--labeling-config` goes with `--format label-studio` and one label type (a project has one
    /// config and the tasks name their choice `label`), and never onto the export's own files.
    func validateLabelingConfig() throws {
        guard let labelingConfig else { return }
        if format != .labelStudio || dataset {
            throw CLIFailure.usage("option '--labeling-config' applies to --format label-studio only")
        }
        if filter.labelType == nil {
            throw CLIFailure.usage("option '--labeling-config' needs --label-type T: a Label Studio project has one labeling config and the tasks name their choice 'label', so a config is for one label type (export each type to its own project)")
        }
        if let out, Self.sameFile(labelingConfig, out) || Self.sameFile(labelingConfig, out + ".position.json") {
            throw CLIFailure.usage("option '--labeling-config' names the export's own file '\(labelingConfig)': name another file")
        }
    }

    /// Whether two output paths name the same file: the same name in the same directory once
    /// the directory's links, `.` and `..` are resolved (`./t.json` is `t.json`).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        let (da, na) = Directory.split(a), (db, nb) = Directory.split(b)
        return na == nb && (PathOps.resolved(da) ?? da) == (PathOps.resolved(db) ?? db)
    }

    /// The labeling config of `plan`'s rows; a label XML cannot hold refuses the export, naming it
    /// as every message shows a user's value (`quoted`: escaped, cut after 64 characters).
    static func labelingConfig(_ plan: ExportPlan) throws -> [UInt8] {
        do {
            return try plan.labelStudioConfig()
        } catch {
            let hex = String(error.scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw CLIFailure.runtime("nothing exported: the label \(quoted(error.label)) holds the character \(code), which an XML labeling config cannot hold")
        }
    }
}
