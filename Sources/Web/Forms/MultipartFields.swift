import Vapor

/// A multipart form read once: its text fields and its files (a field may carry several files).
struct MultipartFields: Decodable {
    var texts: [String: String] = [:]
    var files: [String: [File]] = [:]

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: IndicatorController.EntryFields.Key.self)
        for key in container.allKeys {
            if let many = try? container.decode([File].self, forKey: key) { files[key.stringValue] = many }
            else if let file = try? container.decode(File.self, forKey: key) { files[key.stringValue] = [file] }
            else if let text = try? container.decode(String.self, forKey: key) { texts[key.stringValue] = text }
        }
    }

    /// The text fields, read like any other form's.
    var fields: FormFields { FormFields(texts) }

    func text(_ name: String) -> String { fields.text(name) }
}
