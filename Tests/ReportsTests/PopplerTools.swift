import Foundation

/// poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`), the independent judge of the PDFs.
enum PopplerTools {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `pdf` to a temporary file and runs `tool` on it; returns its standard output.
    static func run(_ tool: String, _ pdf: [UInt8], arguments: [String] = []) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-report-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try runTool(tool, arguments + [file.path] + (tool == "pdftotext" ? ["-"] : []))
    }

    static func runTool(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(tool) exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The number of pages `pdfinfo` reads; throws when it does not take the file for a PDF.
    static func pageCount(_ pdf: [UInt8]) throws -> Int {
        let info = try run("pdfinfo", pdf)
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
              let pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) else {
            throw Failure(description: "pdfinfo printed no page count")
        }
        return pages
    }

    /// The text of the PDF; `-layout` off, so words come in reading order with single spaces.
    static func text(_ pdf: [UInt8]) throws -> String {
        try run("pdftotext", pdf)
    }
}
