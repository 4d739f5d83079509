import EventLog
import SampleDomain

/// `--format label-studio`: a tasks file Label Studio imports, each task an image with its label
/// as a finished annotation.
///
/// Frozen: a JSON array, one task per line:
/// `{"data":{"image":image_url,"sample_id":id,"label_type":…,"crop":crop or null},
/// "annotations":[{"result":[{"from_name":"label","to_name":"image","type":"choices",
/// "value":{"choices":[label]}}]}]}`. It matches the labeling config `LabelStudioConfig` writes
/// (`<Image name="image" value="$image"/>`, `<Choices name="label" toName="image">`).
struct ExportLabelStudioFormat: RowFormat {
    func header(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayHeader(layout) }
    func footer(_ layout: ExportLayout, _ context: ExportContext) -> [UInt8] { ExportJSONFormat.arrayFooter(layout) }

    func appendRows(_ rows: ArraySlice<SampleRow>, from start: Int, _ layout: ExportLayout, _ context: ExportContext,
                    to out: inout [UInt8]) {
        ExportJSONFormat.appendArrayRows(rows, from: start, layout, to: &out) { w, row in
            w.beginObject()
            w.key("data")
            w.beginObject()
            w.key("image"); w.string(row.imageURL)
            w.key("sample_id"); w.string(row.id.description)
            w.key("label_type"); w.string(row.labelType.rawValue)
            w.key("crop"); if let c = row.cropData { w.crop(c) } else { w.null() }
            w.endObject()
            w.key("annotations")
            w.beginArray()
            w.beginObject()
            w.key("result")
            w.beginArray()
            w.beginObject()
            w.key("from_name"); w.string("label")
            w.key("to_name"); w.string("image")
            w.key("type"); w.string("choices")
            w.key("value")
            w.beginObject()
            w.key("choices"); w.beginArray(); w.string(row.label); w.endArray()
            w.endObject()
            w.endObject()
            w.endArray()
            w.endObject()
            w.endArray()
            w.endObject()
        }
    }
}
