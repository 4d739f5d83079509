import Testing
@testable import SampleDomain

/// `TagRecord.isTagType`, asked of every record a fold reads: exactly the types that start
/// with `tag.`.
@Suite struct TagTypeTests {
    @Test func exactlyTheTagPrefix() {
        let tags = ["tag.", "tag.set", "tag.anything at all"]
        let others = ["", "t", "tag", "tag_", "Tag.set", "tAg.set", "tag,set", " tag.set", "sample.submitted",
                      "nyckel.responded", "xtag.set"]
        for type in tags { #expect(Array(type.utf8).withUnsafeBufferPointer { TagRecord.isTagType($0) }, "\(type)") }
        for type in others { #expect(!Array(type.utf8).withUnsafeBufferPointer { TagRecord.isTagType($0) }, "\(type)") }
    }
}
