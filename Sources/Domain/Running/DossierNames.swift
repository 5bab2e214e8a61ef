import Foundation

/// Names of files and folders in the dossier zip, made safe to unpack on Windows, macOS and Linux.
///
/// A name never contains a path separator, so `..` cannot climb out of its folder; control and bidirectional
/// formatting characters go (the latter can make `gpj.exe` look like `exe.jpg`); the characters Windows forbids
/// become `_`; trailing dots and spaces go (Windows drops them, making two names one); the device names
/// Windows reserves (CON, NUL, COM1…) get a leading `_`. Length is capped in characters and in UTF-8 bytes
/// (ext4 allows 255 bytes a name: 85 Chinese characters), keeping the extension.
public enum DossierNames {
    /// The longest file name, in characters, before the " (2)" a repeat may get.
    public static let maximumFileNameCharacters = 80
    /// The longest file name in UTF-8 bytes, with room left for " (99)".
    static let maximumFileNameBytes = 240
    /// Folder names are built from titles and kept short: the path must fit Windows' 260 characters.
    public static let maximumFolderNameCharacters = 30
    /// What a name with nothing usable left becomes.
    public static let unnamedFile = "未命名文件"

    /// A file name safe in any folder of the zip; the extension (after the last dot, up to 10 letters or
    /// digits) is kept when the name is shortened.
    public static func fileName(_ raw: String) -> String {
        var cleaned = cleanComponent(raw)
        guard !cleaned.isEmpty else { return unnamedFile }
        // A leading dot hides the file on macOS and Linux; a name that is only an extension gets a stem.
        if cleaned.hasPrefix(".") {
            let rest = String(cleaned.drop { $0 == "." })
            cleaned = splitExtension("x." + rest).ext == "." + rest ? unnamedFile + "." + rest : rest
        }
        let (stem, ext) = splitExtension(cleaned)
        var name = shortened(stem.isEmpty ? unnamedFile : stem, characters: maximumFileNameCharacters - ext.count,
                             bytes: maximumFileNameBytes - ext.utf8.count) + ext
        if isReservedDeviceName(name) { name = "_" + name }
        return name
    }

    /// A folder name from a number and a title: "1.1 领导小组与协调机制".
    public static func folderName(_ raw: String, maximumCharacters: Int = maximumFolderNameCharacters) -> String {
        let cleaned = cleanComponent(raw).drop { $0 == "." }
        var name = shortened(String(cleaned), characters: maximumCharacters, bytes: maximumFileNameBytes)
        // Shortening may leave a trailing space or dot, which Windows would drop.
        name = trimTrailingDotsAndSpaces(name)
        if name.isEmpty { return "_" }
        if isReservedDeviceName(name) { name = "_" + name }
        return name
    }

    /// A short title for a folder: the text itself when it fits in `maximumCharacters`, else its first clause (up
    /// to 。；，：or a bracket), cut to fit with an ellipsis. Tasks without a title are named from their text this way.
    public static func shortTitle(_ text: String, maximumCharacters: Int = 20) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard flat.count > maximumCharacters else { return flat }
        let breaks: Set<Character> = ["。", "；", ";", "，", ",", "：", ":", "（", "(", "！", "？"]
        var clause = String(flat.prefix { !breaks.contains($0) }).trimmingCharacters(in: .whitespaces)
        if clause.isEmpty { clause = flat }
        // The ellipsis tells the reader the title goes on (the index has it whole).
        return clause.count > maximumCharacters ? String(clause.prefix(maximumCharacters - 1)) + "…" : clause
    }

    /// `name` if no earlier name of the folder took it (ignoring case: Windows and macOS do), else
    /// "name (2).ext", "name (3).ext"…
    struct Deduplicator {
        private var used: Set<String> = []

        mutating func claim(_ name: String, isFile: Bool) -> String {
            var candidate = name
            var copy = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(copy))"
                if isFile {
                    let (stem, ext) = DossierNames.splitExtension(name)
                    candidate = stem + suffix + ext
                } else {
                    candidate = name + suffix
                }
                copy += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    // MARK: Pieces

    private static let forbidden: Set<Unicode.Scalar> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]

    /// One path component: NFC (so the same name typed on a Mac and on Windows is one name), line breaks and tabs
    /// as spaces, runs of spaces as one, forbidden characters as `_`, no control or bidi formatting characters,
    /// no leading or trailing spaces, no trailing dots; a name of dots only is empty.
    private static func cleanComponent(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in raw.precomposedStringWithCanonicalMapping.unicodeScalars {
            let mapped: Unicode.Scalar?
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20, 0x3000, 0xA0: mapped = " "
            case 0x00..<0x20, 0x7F..<0xA0: mapped = nil
            // Bidi embeddings, overrides and isolates, zero-width characters and the byte order mark.
            case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0xFFFE, 0xFFFF: mapped = nil
            default: mapped = forbidden.contains(scalar) ? "_" : scalar
            }
            guard let mapped else { continue }
            if mapped == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            scalars.append(mapped)
        }
        let name = trimTrailingDotsAndSpaces(String(scalars))
        return name.allSatisfy { $0 == "." } ? "" : name
    }

    private static func trimTrailingDotsAndSpaces(_ name: String) -> String {
        var name = Substring(name)
        while let last = name.last, last == "." || last == " " { name.removeLast() }
        while let first = name.first, first == " " { name.removeFirst() }
        return String(name)
    }

    /// "会议记录.PDF" → ("会议记录", ".PDF"); a name without a plausible extension has none.
    static func splitExtension(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let ext = name[name.index(after: dot)...]
        guard (1...10).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return (name, "")
        }
        return (String(name[..<dot]), "." + ext)
    }

    private static func shortened(_ text: String, characters: Int, bytes: Int) -> String {
        var out = ""
        var byteCount = 0
        for character in text.prefix(max(characters, 1)) {
            byteCount += character.utf8.count
            guard byteCount <= bytes else { break }
            out.append(character)
        }
        return trimTrailingDotsAndSpaces(out)
    }

    /// Windows refuses these as a name, with any extension: `con.txt` is the console too.
    private static func isReservedDeviceName(_ name: String) -> Bool {
        let base = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        let upper = base.trimmingCharacters(in: .whitespaces).uppercased()
        if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(upper) { return true }
        if upper.count == 4, upper.hasPrefix("COM") || upper.hasPrefix("LPT"),
           let digit = upper.last, "0123456789¹²³".contains(digit) { return true }
        return false
    }
}
