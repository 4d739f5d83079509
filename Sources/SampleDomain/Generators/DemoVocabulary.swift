/// The labels, regions and proportions of the demo stream, taken from the app's guide: its
/// example outputs show 145 grade, 89 defect and 23 region samples, and grades from 45 `pristine`
/// down to 5 `damaged`.
enum DemoVocabulary {
    static let labelTypes: [(LabelType, Int)] = [(.grade, 145), (.defect, 89), (.region, 23)]

    static let grades: [(String, Int)] = [
        ("pristine", 45), ("near_mint", 38), ("minor_wear", 25),
        ("moderate_wear", 20), ("heavy_wear", 12), ("damaged", 5),
    ]

    /// Grades in order, so a relabel can move a grade one step up or down.
    static let gradeOrder = ["pristine", "near_mint", "minor_wear", "moderate_wear", "heavy_wear", "damaged"]

    static let defects: [(String, Int)] = [
        ("Spine Tick", 30), ("Corner Crease", 20), ("Color Break", 18), ("Stain", 10),
        ("Tear", 8), ("Spine Roll", 6), ("Foxing", 5), ("Water Damage", 3),
    ]

    static let regions = [
        "spine", "corner_tl", "corner_tr", "corner_bl", "corner_br",
        "edge_top", "edge_bottom", "edge_left", "edge_right",
    ]

    /// Where on the cover each defect is usually found.
    static func regions(forDefect label: String) -> [String] {
        switch label {
        case "Spine Tick", "Spine Roll", "Color Break": return ["spine"]
        case "Corner Crease": return ["corner_tl", "corner_tr", "corner_bl", "corner_br"]
        case "Tear": return ["edge_top", "edge_bottom", "edge_left", "edge_right"]
        default: return regions
        }
    }

    static let errors = [
        "Nyckel API timeout after 30s", "429 Too Many Requests", "image could not be decoded",
        "503 Service Unavailable",
    ]
    static let relabelReasons = ["second look", "mislabelled", "grader disagreement", "closer inspection"]
    static let deleteReasons = ["duplicate upload", "blurry image", "wrong comic", "test sample"]
    static let actors = ["maria", "devon", "admin", "qa-bot"]

    /// A full comic scan, in pixels (a common 300 dpi cover).
    static let coverWidth = 1988.0
    static let coverHeight = 3056.0
}
