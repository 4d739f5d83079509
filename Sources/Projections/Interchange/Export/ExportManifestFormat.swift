import EventLog
import SampleDomain

/// `--format manifest`: one line per sample, `LABEL_DIR/ID.EXT<TAB>IMAGE_URL`, the layout the
/// guide's Python script builds (`./dataset/{label}/{id}.jpg`).
///
/// Frozen. `LABEL_DIR` is the label made one safe path component (`ManifestPath`: never `/`,
/// `.`, `..`, a control character or a leading dot; distinct labels always get distinct
/// directories, also on case-insensitive file systems). `ID` is the lowercase UUID; `EXT` comes
/// from `image_path` (`ManifestPath.fileExtension`). Control bytes in the URL (tab, newline)
/// are percent-encoded so that every line holds exactly one tab.
struct ExportManifestFormat: RowFormat {
    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        let names = layout.labelDirectories
        for row in rows {
            out += Array((names[Array(row.label.utf8)] ?? ManifestPath.encode(row.label)).utf8)
            out.append(UInt8(ascii: "/"))
            out += Array("\(row.id).\(ManifestPath.fileExtension(row.imagePath))".utf8)
            out.append(0x09)
            let hex = Array("0123456789ABCDEF".utf8)
            for b in row.imageURL.utf8 {
                if b < 0x20 || b == 0x7F { out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]] } else { out.append(b) }
            }
            out.append(0x0A)
        }
    }
}
