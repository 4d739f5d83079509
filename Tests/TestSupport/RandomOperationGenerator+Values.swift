import EventLog
import SampleDomain

extension RandomOperationGenerator {
    /// A `sample.submitted` for `id` (new, or deleted earlier), recorded as live.
    mutating func submit(_ id: SampleID, at time: Timestamp) -> SampleEvent {
        if let i = deleted.firstIndex(of: id) { deleted.remove(at: i) }
        position[id] = live.count
        live.append(id)
        status[id] = .submitted
        let path: String
        switch rng.below(20) {
        case 0: path = " "  // the shortest path the input rules accept (empty ones are refused)
        case 1: path = "odd, \"name\"/ü \(count).png"
        case 2: path = "shared/same.jpg"
        default: path = "grade/\(rng.token(8)).jpg"
        }
        let url = path == " " ? " " : "https://abcdefghijklmnopqrst.supabase.co/storage/v1/object/public/training-data/\(path)"
        var s = SampleSubmitted(imageURL: url, imagePath: path, label: rng.pick(NastyValues.labels),
                                labelType: rng.pick(LabelType.allCases))
        if rng.chance(60) { s.nyckelFunctionID = rng.pick(NastyValues.functionIDs) }
        if rng.chance(40) { s.sourceScanID = rng.pick(NastyValues.scanIDs) }
        if rng.chance(50) { s.regionName = rng.pick(NastyValues.regionNames) }
        if rng.chance(60) {
            let n = NastyValues.cropNumbers
            s.cropData = CropData(x: rng.pick(n), y: rng.pick(n), width: rng.pick(Array(n.dropFirst())),
                                  height: rng.pick(Array(n.dropFirst())))
        }
        if rng.chance(50) { s.imageWidth = rng.pick(NastyValues.sizes) }
        if rng.chance(50) { s.imageHeight = rng.pick(NastyValues.sizes) }
        if rng.chance(40) { s.fileSizeBytes = rng.pick(NastyValues.fileSizes) }
        return SampleEvent(sampleID: id, occurredAt: time, body: .submitted(s))
    }

    /// A `sample.updated`: each column set (with a value like a submission's) or, when it may
    /// be NULL, cleared, at random; at least one change.
    mutating func update() -> SampleUpdated {
        var u = SampleUpdated(reason: optionalText(), actor: optionalText())
        var clear: SampleColumns = []
        while u.sets.union(clear).isEmpty {
            for (column, _) in SampleColumns.named where rng.chance(20) {
                if SampleColumns.clearable.contains(column), rng.chance(40) { clear.insert(column); continue }
                switch column {
                case .imageURL: u.imageURL = "https://abcdefghijklmnopqrst.supabase.co/storage/v1/object/public/training-data/moved/\(rng.token(6)).png"
                case .imagePath: u.imagePath = rng.chance(20) ? "odd, \"moved\"/ü.png" : "moved/\(rng.token(6)).png"
                case .nyckelFunctionID: u.nyckelFunctionID = rng.pick(NastyValues.functionIDs)
                case .nyckelSampleID: u.nyckelSampleID = rng.pick(NastyValues.nyckelSampleIDs)
                case .sourceScanID: u.sourceScanID = rng.pick(NastyValues.scanIDs)
                case .regionName: u.regionName = rng.pick(NastyValues.regionNames)
                case .cropData:
                    let n = NastyValues.cropNumbers
                    u.cropData = CropData(x: rng.pick(n), y: rng.pick(n), width: rng.pick(Array(n.dropFirst())),
                                          height: rng.pick(Array(n.dropFirst())))
                case .imageWidth: u.imageWidth = rng.pick(NastyValues.sizes)
                case .imageHeight: u.imageHeight = rng.pick(NastyValues.sizes)
                default: u.fileSizeBytes = rng.pick(NastyValues.fileSizes)
                }
            }
        }
        u.clear = clear.isEmpty ? nil : clear
        return u
    }

    /// A `nyckel.responded` for live sample `id`, whose status it records.
    mutating func respond(_ id: SampleID) -> EventBody {
        let s = rng.weighted([(ResponseStatus.accepted, 45), (.rejected, 25), (.error, 30)])
        status[id] = s.nyckelStatus
        let nk = rng.chance(50) ? rng.pick(NastyValues.nyckelSampleIDs) : nil
        let error = s == .error ? (rng.chance(70) ? "Nyckel said \"no\", try later" : nil) : (rng.chance(5) ? "" : nil)
        return .responded(NyckelResponded(status: s, nyckelSampleID: nk, error: error))
    }

    /// An instant: often one shared by many samples, or the first or last microsecond of a day,
    /// sometimes at the ends of the range, otherwise anywhere in 60 days from 2026-01-01.
    mutating func randomTime() -> Timestamp {
        let day = NastyValues.day
        switch rng.below(100) {
        case 0..<30:
            return rng.pick(ties)
        case 30..<48:
            let d = rng.pick(boundaryDays) * day
            return Timestamp(microseconds: rng.chance(50) ? d : d + day - 1)
        case 48..<54:
            return rng.pick(NastyValues.extremeTimes)
        default:
            let t = NastyValues.base.microseconds + Int64(rng.below(60)) * day + Int64(rng.below(86_400)) * 1_000_000
            switch rng.below(3) {
            case 0: return Timestamp(microseconds: t)
            case 1: return Timestamp(microseconds: t + Int64(rng.below(1000)) * 1000)
            default: return Timestamp(microseconds: t + Int64(rng.below(1_000_000)))
            }
        }
    }
}
