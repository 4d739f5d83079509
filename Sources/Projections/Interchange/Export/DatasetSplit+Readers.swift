/// How the two readers the dataset layout is made for name a split folder, so `--split` can say
/// when they would disagree.
///
/// - Hugging Face `imagefolder` (`datasets`' `SPLIT_KEYWORDS` and its folder patterns):
///   `train`/`training` → train, `validation`/`valid`/`dev`/`val` → validation,
///   `test`/`testing`/`eval`/`evaluation` → test, also with a `-`, `_`, `.` or digit joining
///   the keyword to more (`test-2`, `my_val`); any other folder name is not a split to it.
/// - Roboflow's folder upload (`roboflow import`, roboflow-python's `folderparser`): the first of
///   `valid`, `train`, `test` found anywhere in the lower-cased path → that split, else train.
///   Roboflow's own exports name the folders `train`, `valid`, `test`.
///
/// `train`, `training`, `valid`, `validation`, `test` and `testing` mean the same to both.
extension DatasetSplit {
    /// The split names that Hugging Face and Roboflow would read differently (or Hugging Face not
    /// at all), in the order given, each with what each reader makes of it.
    public var namesReadersDisagreeOn: [(name: String, huggingFace: String?, roboflow: String)] {
        parts.compactMap { part in
            let hf = Self.huggingFaceSplit(part.name)
            let rf = Self.roboflowSplit(part.name)
            let same = (hf == "validation" && rf == "valid") || (hf != nil && hf == rf)
            return same ? nil : (part.name, hf, rf)
        }
    }

    static let huggingFaceKeywords: [(split: String, keywords: [String])] = [
        ("train", ["train", "training"]), ("validation", ["validation", "valid", "dev", "val"]),
        ("test", ["test", "testing", "eval", "evaluation"]),
    ]

    static func huggingFaceSplit(_ name: String) -> String? {
        // The name split at the separators `datasets` puts around a keyword (- . _ space digits).
        let words = name.split(whereSeparator: { "-._ 0123456789".contains($0) }).map(String.init)
        return huggingFaceKeywords.first { entry in entry.keywords.contains { words.contains($0) } }?.split
    }

    static func roboflowSplit(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.contains("valid") { return "valid" }
        if lower.contains("train") { return "train" }
        if lower.contains("test") { return "test" }
        return "train"
    }
}
