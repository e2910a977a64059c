import Foundation
import Testing

/// The web front ends in a real browser: each `Tests/Browser/test_<name>.py` scenario drives
/// headless Chromium (Debian's chromium and chromedriver, Selenium from PyPI) against a whole
/// running system, in a tenant of its own. Screenshots go to `.run/screenshots/`.
@Suite(.serialized, .runningSystemWithReports)
struct BrowserTests {
    /// Every scenario file, or only those named in `MDME_BROWSER_SCENARIOS` (comma-separated),
    /// for working on one page at a time.
    static let scenarios: [String] = {
        let folder = (try? TestEnvironment.require().repository.appendingPathComponent("Tests/Browser").path) ?? ""
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let all = names.filter { $0.hasPrefix("test_") && $0.hasSuffix(".py") }
            .map { String($0.dropFirst("test_".count).dropLast(".py".count)) }
            .sorted()
        guard let chosen = ProcessInfo.processInfo.environment["MDME_BROWSER_SCENARIOS"]?.split(separator: ","), !chosen.isEmpty else {
            return all
        }
        return all.filter { chosen.contains(Substring($0)) }
    }()

    @Test("browser scenario", arguments: scenarios)
    func scenario(_ name: String) async throws {
        let system = try SystemUnderTest.require()
        let environment = try TestEnvironment.require()
        let tenant = try await TenantFixture.create(on: system)
        let shots = environment.repository.appendingPathComponent(".run/screenshots").path
        let downloads = FileManager.default.temporaryDirectory.appendingPathComponent("mdme-downloads-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: downloads) }
        let output = try await blocking {
            try Subprocess.run("/usr/bin/env", [
                "python3", environment.repository.appendingPathComponent("Tests/Browser/run_scenario.py").path, name,
                "--base-url", system.api.baseURL.absoluteString,
                "--admin-email", tenant.admin.email, "--admin-password", TenantFixture.password,
                "--shots", shots, "--downloads", downloads,
            ])
        }
        #expect(output.contains("scenario \(name) passed"), "\(output)")
    }

    @Test("there are browser scenarios to run")
    func scenariosFound() {
        #expect(!Self.scenarios.isEmpty)
    }
}
