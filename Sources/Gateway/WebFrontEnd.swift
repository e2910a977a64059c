import Crypto
import Foundation
import HTTPServer

/// The two web front ends (the client's diary and the therapist's workspace), served from the
/// gateway's resources with no build step.
///
/// Pages are small HTML shells, revalidated on every load (`no-cache` + ETag). Everything they
/// load lives under `/assets/<version>/…`, where the version is a digest of all the files: a
/// changed file gets a new URL, so assets can be cached for a year and a deploy never mixes
/// old scripts with new pages. Pages name their assets through the `{{assets}}` placeholder,
/// which is the only thing rewritten here.
struct WebFrontEnd: Sendable {
    struct File: Sendable {
        let body: [UInt8]
        let contentType: String
        let etag: String
    }

    /// Path → page file, relative to `Web/pages`. The invitation and reset pages are the
    /// targets of the links the storage worker hands out (`{public_url}/invitation#token=…`).
    static let pageRoutes: [String: String] = [
        "/": "index.html",
        "/invitation": "invitation.html",
        "/password-reset": "password-reset.html",
        "/klient/": "klient.html",
        "/terapeut/": "terapeut.html",
    ]

    struct NotInstalled: Error, CustomStringConvertible {
        var description: String { "the web front ends (resource folder Web) are not installed beside the executable" }
    }

    let version: String
    private let pages: [String: File]
    private let assets: [String: File]

    /// Loads every file under `directory` (the gateway's `Web` resource folder) into memory.
    init(directory: URL) throws {
        let pagesDirectory = directory.appendingPathComponent("pages")
        let assetsDirectory = directory.appendingPathComponent("assets")
        let assetFiles = try Self.files(under: assetsDirectory)
        var digestInput: [UInt8] = []
        for (path, body) in assetFiles.sorted(by: { $0.key < $1.key }) {
            digestInput += Array(path.utf8) + [0] + Digest.sha256(body)
        }
        let version = String(Digest.hex(Digest.sha256(digestInput)).prefix(12))
        self.version = version
        assets = assetFiles.reduce(into: [:]) { result, entry in
            result[entry.key] = File(body: entry.value, contentType: Self.contentType(of: entry.key), etag: "\"\(version)\"")
        }
        var pages: [String: File] = [:]
        for (route, name) in Self.pageRoutes {
            let template = try String(contentsOf: pagesDirectory.appendingPathComponent(name), encoding: .utf8)
            let body = Array(template.replacingOccurrences(of: "{{assets}}", with: "/assets/\(version)").utf8)
            let etag = "\"" + String(Digest.hex(Digest.sha256(body)).prefix(16)) + "\""
            pages[route] = File(body: body, contentType: "text/html; charset=utf-8", etag: etag)
        }
        self.pages = pages
    }

    /// The web response for `request`, or nil when the path belongs to the API.
    func response(for request: HTTPRequest) -> HTTPResponse? {
        let path = request.path
        let isPage = pages[path] != nil || Self.bareDirectories.contains(path)
        guard isPage || path.hasPrefix("/assets/") || path == "/favicon.ico" else { return nil }
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: [HTTPHeader(name: "Allow", value: "GET, HEAD")] + Self.plainText,
                                body: Array("Method not allowed.\n".utf8))
        }
        if Self.bareDirectories.contains(path) {
            return HTTPResponse(status: 308, headers: [HTTPHeader(name: "Location", value: path + "/")])
        }
        if path == "/favicon.ico", let icon = assets["icons/favicon.svg"] {
            return serve(icon, request: request, cacheControl: "public, max-age=86400")
        }
        if let page = pages[path] {
            // Revalidated each time: a page is what pins the asset version.
            return serve(page, request: request, cacheControl: "no-cache")
        }
        let rest = path.dropFirst("/assets/".count)
        guard let slash = rest.firstIndex(of: "/"), rest[..<slash] == version,
              let asset = assets[String(rest[rest.index(after: slash)...])] else {
            return HTTPResponse(status: 404, headers: Self.plainText + [HTTPHeader(name: "Cache-Control", value: "no-store")],
                                body: Array("Not found.\n".utf8))
        }
        return serve(asset, request: request, cacheControl: "public, max-age=31536000, immutable")
    }

    private static let bareDirectories: Set<String> = ["/klient", "/terapeut"]
    private static let plainText = [HTTPHeader(name: "Content-Type", value: "text/plain; charset=utf-8")]

    private func serve(_ file: File, request: HTTPRequest, cacheControl: String) -> HTTPResponse {
        let headers = [
            HTTPHeader(name: "Content-Type", value: file.contentType),
            HTTPHeader(name: "Cache-Control", value: cacheControl),
            HTTPHeader(name: "ETag", value: file.etag),
        ]
        if let candidates = request.header("if-none-match"),
           candidates.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == file.etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, headers: headers, body: request.method == "HEAD" ? [] : file.body)
    }

    private static func files(under directory: URL) throws -> [String: [UInt8]] {
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return [:]
        }
        var files: [String: [UInt8]] = [:]
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            files[relative] = Array(try Data(contentsOf: url))
        }
        return files
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json": "application/json"
        case "webmanifest": "application/manifest+json"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
