import EventLog
@testable import Projections
import SampleDomain
import Testing

/// The manifest's label directories: one safe path component each, and distinct.
@Suite("Manifest paths")
struct ExportManifestTests {
    @Test(arguments: ["../../etc/passwd", "a/b", "..", ".", ".hidden", "a\\b", "/", "x/../../y", "%2F", "~", "您好🙂", "C:\\x"])
    func neverEscapesItsDirectory(_ label: String) {
        let name = ManifestPath.encode(label)
        #expect(!name.isEmpty)
        #expect(!name.contains("/") && !name.contains("\\"))
        #expect(name != "." && name != "..")
        #expect(!name.hasPrefix("."))  // never a hidden folder
        // Issue 19: readable, escaped only where a file system needs it: no control characters.
        #expect(name.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) })
    }

    @Test func pinnedNames() {
        #expect(ManifestPath.encode("../../etc/passwd") == "%2E.%2F..%2Fetc%2Fpasswd")
        // A first `.` is escaped (no hidden folder); a later one is kept.
        #expect(ManifestPath.encode(".hidden") == "%2Ehidden" && ManifestPath.encode("a.b.") == "a.b.")
        #expect(ManifestPath.encode("..") == "%2E%2E" && ManifestPath.encode(".") == "%2E")
        #expect(ManifestPath.encode("a\u{0}b\tc") == "a%00b%09c")
        #expect(ManifestPath.encode("=SUM(A1)") == "%3DSUM(A1)")
        #expect(ManifestPath.encode("a/b") == "a%2Fb")
        #expect(ManifestPath.encode("near_mint") == "near_mint")
        #expect(ManifestPath.encode("Spine Tick") == "Spine Tick")
        #expect(ManifestPath.encode("v1.2") == "v1.2")
        #expect(ManifestPath.encode("50%") == "50%25")
        #expect(ManifestPath.encode("é") == "é")
    }

    @Test func caseAndNormalisationCollisionsAreMadeDistinct() {
        let names = ManifestPath.names(for: ["good", "Good", "GOOD", "good", "e\u{301}", "\u{e9}"])
        #expect(names.count == 5)
        #expect(names[Array("GOOD".utf8)] == "GOOD")
        #expect(names[Array("Good".utf8)] == "Good~~2")
        #expect(names[Array("good".utf8)] == "good~~3")
        #expect(names[Array("e\u{301}".utf8)] == "e\u{301}")
        #expect(names[Array("\u{e9}".utf8)] == "\u{e9}~~2")
        let folded = Set(names.values.map { $0.lowercased() })
        #expect(folded.count == names.count)
    }

    @Test func longLabelsAreCutAndHashed() {
        let a = String(repeating: "/", count: 256)
        let b = String(repeating: "/", count: 255) + "x"
        let na = ManifestPath.encode(a), nb = ManifestPath.encode(b)
        #expect(na.utf8.count <= ManifestPath.maxBytes && nb.utf8.count <= ManifestPath.maxBytes)
        #expect(na != nb)
        #expect(na.hasPrefix(String(repeating: "%2F", count: 60) + "~"))  // cut before a split escape
        #expect(na.utf8.count == 180 + 1 + 16)
    }

    @Test func fileExtensions() {
        #expect(ManifestPath.fileExtension("training-data/a.PNG") == "png")
        #expect(ManifestPath.fileExtension("a.b/c") == "jpg")
        #expect(ManifestPath.fileExtension("x.tar.gz") == "gz")
        #expect(ManifestPath.fileExtension("x.j/pg") == "jpg")
        #expect(ManifestPath.fileExtension("x.") == "jpg")
        #expect(ManifestPath.fileExtension("x.verylongext") == "jpg")
        #expect(ManifestPath.fileExtension("x.p%g") == "jpg")
    }
}
