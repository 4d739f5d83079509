import EventLog

/// The demo stream with its crops through the image store: `DemoGenerator`'s events, and for the
/// newest `crops` samples a drawn PNG (`DemoCrop`) to store and an `image.fetched` event right
/// after the submission, whose facts are the PNG's own (SHA-256 and size of the bytes, width
/// and height from its IHDR as `ImageHeader` reads them). Those samples' recorded
/// `image_width`, `image_height` and `file_size_bytes` (in the submission, or in the quality
/// backfill's `sample.updated`) are the picture's, so `tslog images check` agrees with them —
/// except a few planted on purpose, so that the check and the desk's filters have something to
/// show:
///
/// - **duplicates**: every 97th pictured sample (k ≡ 48) gets the bytes of the last pictured
///   sample of its own label (the app uploaded one crop twice);
/// - **conflicts**: every 97th (k ≡ 96) gets the bytes of the pictured sample just before it,
///   whatever its label (the same crop labelled twice, differently);
/// - **mismatches**: every 101st (k ≡ 50) keeps the sizes the generator recorded (the original
///   upload's), which are not the stored picture's.
///
/// k counts the pictured samples from 0. The other pictures of the newest `crops` samples are all
/// different (each carries its k as a serial). Decided from k alone, drawing nothing from the
/// generator's random numbers: the samples, labels and times are the same with or without
/// pictures, and the same seed, sample count, `crops` and `problems` give the same events and
/// bytes.
///
/// With `problems`, every older sample that a reviewer sees first — its last Nyckel answer is
/// `error` or `rejected` (the desk's default queue), and it is not deleted later — is pictured
/// too, from a few shared pictures: one per look (the `image_path` folder), crop proportions and
/// label after any relabel (so that samples sharing bytes share their label, and only the
/// planted conflicts are conflicts). On a million samples that is ~140,000 pictured samples and
/// a few hundred blobs.
public struct DemoImages: Sequence, IteratorProtocol {
    /// One event to append, and the PNG to store before it when it is the first `image.fetched`
    /// of those bytes.
    public struct Item: Sendable {
        public var generated: GeneratedEvent
        public var png: [UInt8]?
    }

    /// The longest side of a picture, in pixels.
    public static let side = 64

    var base: DemoGenerator
    let seed: UInt64
    /// Samples submitted at this index or later get a picture.
    let firstPictured: Int
    var submittedCount = 0
    /// The pictures given so far, by sample (their facts, to put in a later backfill).
    var given: [SampleID: Picture] = [:]
    var last: Picture?
    var lastOfLabel: [String: Picture] = [:]
    var waiting: Item?
    /// Whether older samples answered `error` or `rejected` are pictured too.
    let problems: Bool
    /// The shared pictures of those, by look, size and final label.
    var shared: [String: Picture] = [:]
    /// How many older samples were pictured because of `problems`.
    public private(set) var problemsPictured = 0
    /// How many distinct pictures (blobs) were handed out.
    public private(set) var distinctPictures = 0

    /// A picture's facts (its bytes are handed out once, with the first `image.fetched` of them).
    struct Picture {
        var sha256: String
        var bytes: Int64
        var width: Int64
        var height: Int64
        /// Planted: the recorded sizes are not the picture's.
        var mismatched = false
    }

    /// - Parameters:
    ///   - seed, samples: as `DemoGenerator`.
    ///   - crops: how many of the newest samples get a picture (0: none; at least `samples`: all).
    ///   - problems: also picture every older sample whose last answer is `error` or `rejected`.
    public init(seed: UInt64, samples: Int, crops: Int, problems: Bool = false) {
        base = DemoGenerator(seed: seed, samples: samples)
        self.seed = seed
        firstPictured = Swift.max(0, samples - Swift.max(0, crops))
        self.problems = problems
    }

    /// How many pictures were given so far (each with its `image.fetched`).
    public var pictured: Int { given.count }

    public mutating func next() -> Item? {
        if let item = waiting {
            waiting = nil
            return item
        }
        guard let generated = base.next() else { return nil }
        let event = generated.event
        switch event.body {
        case .submitted(var s):
            defer { submittedCount += 1 }
            let newest = submittedCount >= firstPictured
            var sharedLabel: String?
            if !newest {
                guard problems, let plan = base.lastPlan, !plan.deleted,
                      plan.finalStatus == .error || plan.finalStatus == .rejected else { break }
                sharedLabel = plan.finalLabel
                problemsPictured += 1
            }
            let (picture, png) = draw(for: s, sharedAs: sharedLabel)
            if png != nil { distinctPictures += 1 }
            given[event.sampleID] = picture
            if s.imageWidth != nil, !picture.mismatched {
                s.imageWidth = picture.width
                s.imageHeight = picture.height
                s.fileSizeBytes = picture.bytes
            }
            let fetched = ImageFetched(url: s.imageURL, sha256: picture.sha256, bytes: picture.bytes, format: .png,
                                       width: picture.width, height: picture.height, contentType: "image/png")
            waiting = Item(generated: GeneratedEvent(eventID: "demo-\(seed)-image-\(given.count)",
                                                     event: SampleEvent(sampleID: event.sampleID, occurredAt: event.occurredAt,
                                                                        body: .imageFetched(fetched))),
                           png: png)
            return Item(generated: GeneratedEvent(eventID: generated.eventID,
                                                  event: SampleEvent(sampleID: event.sampleID, occurredAt: event.occurredAt, body: .submitted(s))),
                        png: nil)
        case .updated(var u):
            guard let picture = given[event.sampleID], !picture.mismatched, u.imageWidth != nil else { break }
            u.imageWidth = picture.width
            u.imageHeight = picture.height
            u.fileSizeBytes = picture.bytes
            return Item(generated: GeneratedEvent(eventID: generated.eventID,
                                                  event: SampleEvent(sampleID: event.sampleID, occurredAt: event.occurredAt, body: .updated(u))),
                        png: nil)
        default:
            break
        }
        return Item(generated: generated, png: nil)
    }

    /// The picture of the k-th pictured sample (k = how many were given before it), and its
    /// bytes when they are new.
    /// `sharedAs`: the sample's label after any relabel, when it gets one of the shared pictures.
    mutating func draw(for s: SampleSubmitted, sharedAs finalLabel: String? = nil) -> (Picture, [UInt8]?) {
        let k = given.count
        let key = DemoCrop.key(imagePath: s.imagePath) ?? s.labelType.rawValue
        var picture: Picture
        var png: [UInt8]?
        let (w, h) = Self.size(of: s.cropData)
        if let finalLabel {
            // Relabeled samples get the look with a strip naming their final label (top bit set:
            // never a newest sample's serial), so their bytes are not their old label's.
            let variant: UInt32? = finalLabel == s.label ? nil : Self.hash(finalLabel) | 0x8000_0000
            let look = "\(key) \(w)x\(h) \(variant.map(String.init) ?? "")"
            if let known = shared[look] {
                picture = known
            } else {
                let bytes = DemoCrop.png(key: key, width: w, height: h, serial: variant)
                png = bytes
                picture = Picture(sha256: SHA256.hex(SHA256.hash(bytes)), bytes: Int64(bytes.count), width: Int64(w), height: Int64(h))
                shared[look] = picture
            }
            // Shared pictures are not planted duplicates or conflicts (they share bytes by
            // design, one label each); a planted mismatch still applies.
            picture.mismatched = k % 101 == 50
            return (picture, png)
        }
        if k % 97 == 48, let same = lastOfLabel[key] {
            picture = same
        } else if k % 97 == 96, let previous = last {
            picture = previous
        } else {
            let bytes = DemoCrop.png(key: key, width: w, height: h, serial: UInt32(truncatingIfNeeded: k))
            png = bytes
            picture = Picture(sha256: SHA256.hex(SHA256.hash(bytes)), bytes: Int64(bytes.count), width: Int64(w), height: Int64(h))
        }
        picture.mismatched = k % 101 == 50
        var kept = picture
        kept.mismatched = false
        last = kept
        lastOfLabel[key] = kept
        return (picture, png)
    }

    /// FNV-1a of `text`'s bytes, folded to 32 bits.
    static func hash(_ text: String) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return UInt32(truncatingIfNeeded: h ^ h >> 32)
    }

    /// The picture's size: the crop box's proportions with its longest side `side` (at least 8
    /// pixels a side); a square without a crop box.
    static func size(of crop: CropData?) -> (Int, Int) {
        guard let crop, crop.width > 0, crop.height > 0 else { return (side, side) }
        let longest = Swift.max(crop.width, crop.height)
        func scaled(_ v: Double) -> Int { Swift.max(8, Int((Double(side) * v / longest).rounded())) }
        return (scaled(crop.width), scaled(crop.height))
    }
}
