import EventLog

extension DemoGenerator {
    /// Makes one sample's `sample.submitted` at `time` and schedules what happens to it later.
    mutating func submitSample(at time: Timestamp) -> SampleEvent {
        let id = rng.sampleID()
        let type = rng.weighted(DemoVocabulary.labelTypes)
        let label: String
        var region: String?
        switch type {
        case .grade: label = rng.weighted(DemoVocabulary.grades)
        case .defect:
            label = rng.weighted(DemoVocabulary.defects)
            region = rng.pick(DemoVocabulary.regions(forDefect: label))
        case .region:
            label = rng.pick(DemoVocabulary.regions)
            region = label
        }
        let slug = String(label.lowercased().map { $0 == " " ? "_" : $0 })
        let path = "\(type.rawValue)/\(slug)/\(time.microseconds / 1000)-\(rng.token(6)).jpg"
        var s = SampleSubmitted(
            imageURL: "https://\(project).supabase.co/storage/v1/object/public/training-data/\(path)",
            imagePath: path, label: label, labelType: type,
            nyckelFunctionID: rng.chance(97) ? functions[type] : nil,
            sourceScanID: sessionScan.flatMap { rng.chance(75) ? $0 : nil },
            regionName: region)
        if rng.chance(85) {
            let crop = cropData(type: type, region: region)
            s.cropData = crop
            if rng.chance(92) {
                let w = Int64(crop.width.rounded(.up)), h = Int64(crop.height.rounded(.up))
                s.imageWidth = w
                s.imageHeight = h
                s.fileSizeBytes = w * h * 3 / 10 + Int64(rng.below(40_000))
            }
        }
        scheduleFollowUps(id: id, type: type, label: label, after: time)
        scheduleBackfill(id: id, submitted: s, at: time)
        return SampleEvent(sampleID: id, occurredAt: time, body: .submitted(s))
    }

    /// A crop box that fits the region (the whole cover for a grade), sometimes at half pixels
    /// because the app scales the crop from screen coordinates.
    mutating func cropData(type: LabelType, region: String?) -> CropData {
        let W = DemoVocabulary.coverWidth, H = DemoVocabulary.coverHeight
        if type == .grade { return CropData(x: 0, y: 0, width: W, height: H) }
        let size = Double(rng.int(in: 180...420)) + (rng.chance(20) ? 0.5 : 0)
        let x: Double, y: Double, w: Double, h: Double
        switch region {
        case "spine": (x, y, w, h) = (0, 0, Double(rng.int(in: 90...160)), H)
        case "corner_tl": (x, y, w, h) = (0, 0, size, size)
        case "corner_tr": (x, y, w, h) = (W - size, 0, size, size)
        case "corner_bl": (x, y, w, h) = (0, H - size, size, size)
        case "corner_br": (x, y, w, h) = (W - size, H - size, size, size)
        case "edge_top": (x, y, w, h) = (0, 0, W, size)
        case "edge_bottom": (x, y, w, h) = (0, H - size, W, size)
        case "edge_left": (x, y, w, h) = (0, 0, size, H)
        case "edge_right": (x, y, w, h) = (W - size, 0, size, H)
        default:
            let px = Double(rng.int(in: 0...1500)) + (rng.chance(25) ? 0.25 : 0)
            let py = Double(rng.int(in: 0...2500)) + (rng.chance(25) ? 0.75 : 0)
            (x, y, w, h) = (px, py, size, size)
        }
        return CropData(x: x, y: y, width: w, height: h)
    }

    /// Nyckel's answer a few seconds later (or none), a resubmission after some errors, now and
    /// then a relabel hours later, and rarely a deletion after everything else.
    mutating func scheduleFollowUps(id: SampleID, type: LabelType, label: String, after submittedAt: Timestamp) {
        var t = submittedAt
        func schedule(_ body: EventBody, _ at: Timestamp) {
            pending.schedule(SampleEvent(sampleID: id, occurredAt: at, body: body))
        }
        var plan = Plan(finalStatus: nil, finalLabel: label, deleted: false)
        if rng.chance(94) {
            t = later(t, seconds: 1...8)
            var status = rng.weighted([(ResponseStatus.accepted, 80), (.rejected, 11), (.error, 9)])
            schedule(response(status), t)
            if status == .error, rng.chance(60) {
                t = later(t, seconds: 300...14_400)
                schedule(.resubmitted(NyckelResubmitted(nyckelFunctionID: rng.chance(30) ? functions[type] : nil)), t)
                t = later(t, seconds: 1...8)
                status = rng.weighted([(ResponseStatus.accepted, 85), (.rejected, 10), (.error, 5)])
                schedule(response(status), t)
            }
            plan.finalStatus = status
        }
        if rng.chance(5) {
            t = later(t, seconds: 3_600...36_000)
            let relabeled = relabel(type: type, label: label)
            plan.finalLabel = relabeled.label
            schedule(.relabeled(relabeled), t)
        }
        if rng.chance(2) {
            t = later(t, seconds: 600...36_000)
            plan.deleted = true
            schedule(.deleted(SampleDeleted(reason: rng.pick(DemoVocabulary.deleteReasons),
                                            actor: rng.chance(70) ? rng.pick(DemoVocabulary.actors) : nil)), t)
        }
        lastPlan = plan
    }

    /// Half of the crops sent without their sizes get them half a minute later, as the app's
    /// quality backfill does (`sample.updated`). Decided from the sample itself, drawing nothing
    /// from `rng`, so the rest of the stream is the same with or without it.
    mutating func scheduleBackfill(id: SampleID, submitted s: SampleSubmitted, at time: Timestamp) {
        guard let crop = s.cropData, s.imageWidth == nil, id.low % 2 == 0 else { return }
        let w = Int64(crop.width.rounded(.up)), h = Int64(crop.height.rounded(.up))
        let update = SampleUpdated(imageWidth: w, imageHeight: h, fileSizeBytes: w * h * 3 / 10 + Int64(id.high % 40_000),
                                   reason: "quality backfill")
        pending.schedule(SampleEvent(sampleID: id, occurredAt: Timestamp(microseconds: time.microseconds + 30_000_000), body: .updated(update)))
    }

    mutating func response(_ status: ResponseStatus) -> EventBody {
        switch status {
        case .accepted: .responded(NyckelResponded(status: .accepted, nyckelSampleID: rng.token(20)))
        case .rejected: .responded(NyckelResponded(status: .rejected, nyckelSampleID: rng.chance(50) ? rng.token(20) : nil))
        case .error: .responded(NyckelResponded(status: .error, error: rng.pick(DemoVocabulary.errors)))
        }
    }

    /// A grade moves one step; a defect or region label changes within its type, or rarely
    /// becomes a defect.
    mutating func relabel(type: LabelType, label: String) -> SampleRelabeled {
        let reason = rng.chance(80) ? rng.pick(DemoVocabulary.relabelReasons) : nil
        let actor = rng.chance(70) ? rng.pick(DemoVocabulary.actors) : nil
        if type == .grade, let i = DemoVocabulary.gradeOrder.firstIndex(of: label) {
            let j = i == 0 ? 1 : (i == DemoVocabulary.gradeOrder.count - 1 || rng.chance(50) ? i - 1 : i + 1)
            return SampleRelabeled(label: DemoVocabulary.gradeOrder[j], reason: reason, actor: actor)
        }
        if type == .region, rng.chance(30) {
            return SampleRelabeled(label: rng.weighted(DemoVocabulary.defects), labelType: .defect, reason: reason, actor: actor)
        }
        let next = type == .defect ? rng.weighted(DemoVocabulary.defects) : rng.pick(DemoVocabulary.regions)
        return SampleRelabeled(label: next, labelType: rng.chance(20) ? type : nil, reason: reason, actor: actor)
    }
}
