import Foundation
import Testing

/// How the gateway serves the web front ends (types, caching, the strict CSP), and what the
/// files themselves must never contain for that CSP and for safety.
@Suite(.runningSystem)
struct WebFrontEndTests {
    static let pagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "font-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static var webFolder: URL {
        get throws { try TestEnvironment.require().repository.appendingPathComponent("Sources/Gateway/Web") }
    }

    @Test("pages are HTML, revalidated, under the strict CSP, and name their assets by version")
    func pages() async throws {
        let system = try SystemUnderTest.require()
        for path in ["/", "/invitation", "/password-reset", "/klient/", "/terapeut/"] {
            let page = try await system.api.get(path)
            #expect(page.status == 200, "\(path)")
            #expect(page.header("content-type") == "text/html; charset=utf-8", "\(path)")
            #expect(page.header("cache-control") == "no-cache", "\(path)")
            #expect(page.header("content-security-policy") == Self.pagePolicy, "\(path)")
            #expect(page.header("x-content-type-options") == "nosniff", "\(path)")
            #expect(page.header("strict-transport-security") != nil, "\(path)")
            #expect(!page.text.contains("{{assets}}"), "\(path)")
            let etag = try #require(page.header("etag"), "\(path)")
            let revalidated = try await system.api.send("GET", path, headers: ["If-None-Match": etag])
            #expect(revalidated.status == 304 && revalidated.body.isEmpty, "\(path)")
        }
        // URLSession follows redirects; curl shows the 308 itself.
        let moved = try Subprocess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                                                         system.api.baseURL.absoluteString + "/klient"])
        #expect(moved == "308 \(system.api.baseURL.absoluteString)/klient/")
        let posted = try await system.api.send("POST", "/", json: [:])
        #expect(posted.status == 405 && posted.header("allow") == "GET, HEAD")
        // The API keeps its own, stricter policy.
        #expect(try await system.api.get("/healthz").header("content-security-policy") == "default-src 'none'; frame-ancestors 'none'")
    }

    @Test("assets are cached for a year under their version, with the right types; other versions are not found")
    func assets() async throws {
        let system = try SystemUnderTest.require()
        let page = try await system.api.get("/terapeut/")
        let references = Self.matches(of: #"(?:src|href)="(/assets/[^"]+)""#, in: page.text)
        #expect(references.count >= 3, "\(page.text)")
        for reference in references {
            let asset = try await system.api.get(reference)
            #expect(asset.status == 200, "\(reference)")
            #expect(asset.header("cache-control") == "public, max-age=31536000, immutable", "\(reference)")
            let type = asset.header("content-type") ?? ""
            if reference.hasSuffix(".js") { #expect(type == "text/javascript; charset=utf-8") }
            if reference.hasSuffix(".css") { #expect(type == "text/css; charset=utf-8") }
            if reference.hasSuffix(".svg") { #expect(type == "image/svg+xml") }
            #expect(asset.header("content-security-policy") == Self.pagePolicy)
        }
        let script = try #require(references.first { $0.hasSuffix("/app.js") })
        let version = script.split(separator: "/")[1]
        let stale = try await system.api.get(script.replacingOccurrences(of: "/\(version)/", with: "/0123456789ab/"))
        #expect(stale.status == 404 && stale.header("cache-control") == "no-store")
        #expect(try await system.api.get("/assets/\(version)/../pages/index.html").status == 404)
        #expect(try await system.api.get("/assets/\(version)/shared/nothing.js").status == 404)
        let head = try await system.api.send("HEAD", script)
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test("no inline scripts, styles or handlers in any page; Danish; every module import exists; no HTML from strings")
    func filesFitThePolicy() throws {
        let folder = try Self.webFolder
        let files = try Self.files(under: folder)
        let pages = files.filter { $0.hasSuffix(".html") }
        #expect(pages.count == 5)
        for page in pages {
            let text = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
            #expect(text.contains("<html lang=\"da\">"), "\(page)")
            #expect(Self.matches(of: #"<script(?![^>]*\ssrc=)[^>]*>"#, in: text).isEmpty, "inline script in \(page)")
            #expect(!text.contains("<style"), "inline style element in \(page)")
            #expect(Self.matches(of: #"\sstyle\s*="#, in: text).isEmpty, "style attribute in \(page)")
            #expect(Self.matches(of: #"\son[a-z]+\s*="#, in: text).isEmpty, "inline handler in \(page)")
            #expect(Self.matches(of: #"(?:src|href)="https?:"#, in: text).isEmpty, "something loaded from elsewhere in \(page)")
        }
        for script in files where script.hasSuffix(".js") {
            let text = try String(contentsOf: folder.appendingPathComponent(script), encoding: .utf8)
            for forbidden in [".innerHTML", ".outerHTML =", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                              "setAttribute('style'", "setAttribute(\"style\"", "cssText"] {
                #expect(!text.contains(forbidden), "\(script) uses \(forbidden)")
            }
            #expect(Self.matches(of: #"(?:import|from)\s*\(?\s*['"]https?:"#, in: text).isEmpty, "\(script) imports from elsewhere")
            let directory = (script as NSString).deletingLastPathComponent
            for target in Self.matches(of: #"(?:from|import)\s*['"](\.{1,2}/[^'"]+)['"]"#, in: text) {
                let resolved = folder.appendingPathComponent(directory).appendingPathComponent(target).standardizedFileURL.path
                #expect(FileManager.default.fileExists(atPath: resolved) && resolved.hasPrefix(folder.standardizedFileURL.path + "/assets/"),
                        "\(script) imports \(target), which is not there")
            }
        }
    }

    static func files(under folder: URL) throws -> Set<String> {
        let base = folder.standardizedFileURL.path
        var found: Set<String> = []
        let walker = try #require(FileManager.default.enumerator(atPath: base))
        for case let path as String in walker where !path.hasSuffix("/") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.insert(path)
            }
        }
        return found
    }

    /// The first capture group of each match, or the whole match when there is none.
    static func matches(of pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return Range(range, in: text).map { String(text[$0]) }
        }
    }
}
