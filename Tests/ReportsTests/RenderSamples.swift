import Foundation
import MDMECore
import Reports
import Testing

/// Writes a sample PDF of every kind, made from `DemoData`, and a PNG of each page, so anyone
/// can look at the reports (`scripts/render-samples`; MDME_RENDER_SAMPLES names the folder).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MDME_RENDER_SAMPLES"] != nil, "run through scripts/render-samples"))
struct RenderSamples {
    @Test(arguments: ReportKind.allCases)
    func sample(of kind: ReportKind) throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["MDME_RENDER_SAMPLES"]!)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pdf = try ReportComposer.render(try DemoData.input(kind))
        let file = folder.appendingPathComponent("\(kind.rawValue).pdf")
        try Data(pdf).write(to: file)
        _ = try PopplerTools.runTool("pdftoppm", ["-png", "-r", "60", file.path, folder.appendingPathComponent(kind.rawValue).path])
        print("sample \(kind.rawValue): \(file.path), \(try PopplerTools.pageCount(pdf)) pages")
    }
}
