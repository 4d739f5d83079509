import EventLog
import Foundation
import Projections

/// The checkpoint measurements: writing one, and the loads that start from one.
extension Scenarios {
    /// Folds through `seq` cold and saves a checkpoint there; returns the file's size in bytes.
    static func writeCheckpoint(_ directory: String, at seq: UInt64) throws -> Int {
        let reader = try LogReader(directory: directory)
        let outcome = try ProjectionLoader.load(reader, through: seq, checkpoints: nil)
        let store = CheckpointStore(logDirectory: directory)
        guard ProjectionLoader.saveCheckpoint(outcome, to: store, minimumReplay: 0) else {
            throw BenchFailure("checkpoint at \(seq) not written")
        }
        let name = String(repeating: "0", count: 20 - String(seq).count) + String(seq) + ".ckpt"
        let attributes = try FileManager.default.attributesOfItem(atPath: store.directory + "/" + name)
        return (attributes[.size] as? Int) ?? 0
    }

    /// `project stats` in process: load from the newest checkpoint at or before `seq`, fold the
    /// rest, answer `overall`.
    static func warmQuery(_ directory: String, through seq: UInt64) throws -> (UInt64, ResultTable) {
        let reader = try LogReader(directory: directory)
        let outcome = try ProjectionLoader.load(reader, through: seq, checkpoints: CheckpointStore(logDirectory: directory))
        return (outcome.checkpointSeq, try outcome.projections.query(.overall, QueryOptions()))
    }

    static func removeCheckpoints(_ directory: String) {
        try? FileManager.default.removeItem(atPath: CheckpointStore(logDirectory: directory).directory)
    }
}
