import EventLog
import SampleDomain

/// `--format roboflow`: the guide's `convertToRoboflow` output, as a JSON array.
///
/// Frozen: one object per row, `{"image":image_url,"label":label,"metadata":{"source":
/// "comic-scan-app","date":created_at,"crop":crop_data or null}}`, laid out one per line as the
/// `json` format is.
struct ExportRoboflowFormat: RowFormat {
    /// The guide's `metadata.source`.
    static let source = "comic-scan-app"

    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayHeader(layout) }
    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayFooter(layout) }

    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        ExportJSONFormat.appendArrayRows(rows, from: start, layout, to: &out) { w, row in
            w.beginObject()
            w.key("image"); w.string(row.imageURL)
            w.key("label"); w.string(row.label)
            w.key("metadata")
            w.beginObject()
            w.key("source"); w.string(ExportRoboflowFormat.source)
            w.key("date"); w.string(row.createdAt.rfc3339())
            w.key("crop"); if let c = row.cropData { w.crop(c) } else { w.null() }
            w.endObject()
            w.endObject()
        }
    }
}
