import Foundation
import SampleDomain
import Testing

/// `tslog export --format label-studio --label-type T --labeling-config FILE` through the built
/// binary (issue 19 item 6): the labeling config holds a Choice for every label of type T among
/// the exported rows, escaped so that an XML parser reads every label back exactly, and matches
/// the names the frozen tasks use (`from_name` label, `to_name` image, `$image`).
@Suite("Label Studio labeling config")
struct LabelStudioConfigTests {
    static func submitted(_ n: Int, _ label: String, _ type: String) -> String {
        var escaped: [UInt8] = []
        for b in label.utf8 { if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { escaped.append(UInt8(ascii: "\\")) }; escaped.append(b) }
        return "{\"type\":\"sample.submitted\",\"sample_id\":\"" + String(format: "00000000-0000-4000-8000-%012d", n)
            + "\",\"occurred_at\":\"2026-11-25T12:00:\(String(format: "%02d", n))Z\",\"image_url\":\"https://img/\(n).jpg\","
            + "\"image_path\":\"p/\(n).jpg\",\"label\":\"" + String(decoding: escaped, as: UTF8.self) + "\",\"label_type\":\"\(type)\"}"
    }

    /// Seq 1–6 submit; seq 7 relabels sample 5 away from `Only Before`; seq 8 deletes sample 6.
    static let events = [
        submitted(1, "<x & \"y\">", "defect"), submitted(2, "Corner Crease", "defect"), submitted(3, "您好🙂 it's", "defect"),
        submitted(4, "good", "grade"), submitted(5, "Only Before", "defect"), submitted(6, "Deleted One", "defect"),
        #"{"type":"sample.relabeled","sample_id":"00000000-0000-4000-8000-000000000005","label":"Corner Crease","label_type":"defect","reason":"r","actor":"ann"}"#,
        #"{"type":"sample.deleted","sample_id":"00000000-0000-4000-8000-000000000006","reason":"r","actor":"ann"}"#,
    ]

    @Test func everyLabelOfTheTypeEscapedAndParsedBackExactly() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.events.joined(separator: "\n") + "\n").utf8)).status == 0)
        let tasks = dir.appendingPathComponent("tasks.json").path
        let config = dir.appendingPathComponent("config.xml").path
        let r = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "defect",
                              "--out", tasks, "--labeling-config", config])
        #expect(r.status == 0, "\(r.stderrText)")
        // The labels in byte order; the grade label, the relabeled-away and the deleted sample's are not there.
        #expect(try String(contentsOfFile: config, encoding: .utf8) == """
            <View>
              <Image name="image" value="$image"/>
              <Choices name="label" toName="image" choice="single" showInline="true">
                <Choice value="&lt;x &amp; &quot;y&quot;&gt;"/>
                <Choice value="Corner Crease"/>
                <Choice value="您好🙂 it's"/>
              </Choices>
            </View>

            """)
        // Before the relabel and the delete (as of seq 6), their labels are present.
        let before = dir.appendingPathComponent("before.xml").path
        #expect(try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "defect", "--as-of-seq", "6",
                              "--labeling-config", before]).status == 0)
        let beforeText = try String(contentsOfFile: before, encoding: .utf8)
        #expect(beforeText.contains(#"<Choice value="Only Before"/>"#) && beforeText.contains(#"<Choice value="Deleted One"/>"#))
        // The tasks are unchanged by the option: the same bytes as without it.
        let plain = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "defect"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: tasks)) == Data(plain.stdout))

        // An XML parser reads the config back: the choices are exactly the tasks' labels, and the
        // names match what every task's annotation says.
        guard try Pillow.available("xml.etree.ElementTree") else { return }
        let script = #"""
import json, sys
import xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
image = root.find("Image"); choices = root.find("Choices")
assert root.tag == "View" and image.get("value") == "$image" and choices.get("toName") == image.get("name"), "names"
values = [c.get("value") for c in choices.findall("Choice")]
assert len(values) == len(set(values)), "duplicates"
used = set()
for task in json.load(open(sys.argv[2], encoding="utf-8")):
    for result in task["annotations"][0]["result"]:
        assert result["from_name"] == choices.get("name") and result["to_name"] == image.get("name"), result
        assert "$" + "image" == image.get("value") and "image" in task["data"]
        used.update(result["value"]["choices"])
assert set(values) == used, (values, used)
print(json.dumps(values, ensure_ascii=True))
"""#
        let printed = try Pillow.run(script, [config, tasks], in: dir)
        #expect(printed == #"["<x & \"y\">", "Corner Crease", "\u60a8\u597d\ud83d\ude42 it's"]"# + "\n")
    }

    @Test func refusals() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let odd = Self.submitted(9, "x\u{FFFF}", "region")
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.events + [odd]).joined(separator: "\n").utf8 + [10])).status == 0)
        let config = dir.appendingPathComponent("c.xml").path
        let out = dir.appendingPathComponent("t.json").path

        let noType = try tool.run(["export", "--log", log, "--format", "label-studio", "--labeling-config", config])
        #expect(noType.status == 64 && noType.stderrText.hasPrefix("Error: option '--labeling-config' needs --label-type T"))
        let csv = try tool.run(["export", "--log", log, "--label-type", "grade", "--labeling-config", config])
        #expect(csv.status == 64 && csv.stderrText.hasPrefix("Error: option '--labeling-config' applies to --format label-studio only\n"))
        let same = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "grade", "--out", out,
                                 "--labeling-config", out])
        #expect(same.status == 64 && same.stderrText.hasPrefix("Error: option '--labeling-config' names the export's own file"))
        for spelled in [dir.path + "/./t.json", dir.path + "/log/../t.json", dir.path + "/./t.json.position.json"] {
            let r = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "grade", "--out", out,
                                  "--labeling-config", spelled])
            #expect(r.status == 64 && r.stderrText.contains("names the export's own file"), "\(spelled): \(r.stderrText)")
        }
        // A label XML 1.0 cannot hold: nothing is written, neither file.
        let unwritable = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "region", "--out", out,
                                       "--labeling-config", config])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderrText.contains("holds the character U+FFFF, which an XML labeling config cannot hold"))
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: config))
        let toStdout = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "region",
                                     "--labeling-config", config])
        #expect(toStdout.status == 1 && toStdout.stdout.isEmpty && !FileManager.default.fileExists(atPath: config))
    }

    /// The refusal names the label as every message shows a user's value (`quoted`): quoted even
    /// when it is one word, its bidirectional controls escaped, a long one cut after 64 characters.
    @Test(arguments: ["x\u{FFFF}", "\u{202E}evil\u{FFFF}", String(repeating: "y", count: 200) + "\u{FFFF}"])
    func theUnwritableLabelIsShownEscaped(label: String) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.submitted(1, label, "region") + "\n").utf8)).status == 0)
        let r = try tool.run(["export", "--log", log, "--format", "label-studio", "--label-type", "region",
                              "--labeling-config", dir.appendingPathComponent("c.xml").path])
        #expect(r.status == 1)
        #expect(r.stderrText == "Error: nothing exported: the label \(quoted(label)) holds the character U+FFFF, which an XML labeling config cannot hold\n",
                "\(r.stderrText.prefix(300))")
        #expect(!r.stderrText.unicodeScalars.contains("\u{202E}"))
    }
}
