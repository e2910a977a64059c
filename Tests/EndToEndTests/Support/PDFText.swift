import Foundation

/// Reads a downloaded PDF with poppler-utils: `pdfinfo` must accept it, `pdftotext` gives its
/// text with runs of white space collapsed (so phrases that wrap still match).
enum PDFText {
    static func read(_ pdf: Data) throws -> (pages: Int, text: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-e2e-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let info = try TestEnvironment.run("/usr/bin/pdfinfo", [file.path])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
        let text = try TestEnvironment.run("/usr/bin/pdftotext", [file.path, "-"])
        return (pages ?? 0, text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}
