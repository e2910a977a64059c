import HTTPServer

/// The security headers of every gateway response, per kind of response, in one place.
enum SecurityHeaders {
    enum Kind {
        /// JSON, YAML and metrics: never rendered, never framed, never cached.
        case apiData
        /// The web front ends' pages and assets: scripts, styles and images from this origin
        /// only, no inline code of any kind, API calls to this origin only, never framed.
        case page
    }

    static func headers(for kind: Kind) -> [HTTPHeader] {
        var headers = [
            // Browsers only honour it over HTTPS; on loopback HTTP it is inert.
            HTTPHeader(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains"),
            HTTPHeader(name: "X-Content-Type-Options", value: "nosniff"),
            HTTPHeader(name: "Referrer-Policy", value: "no-referrer"),
        ]
        switch kind {
        case .apiData:
            headers.append(HTTPHeader(name: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'"))
            headers.append(HTTPHeader(name: "Cache-Control", value: "no-store"))
        case .page:
            headers.append(HTTPHeader(name: "Content-Security-Policy", value: pagePolicy))
            headers.append(HTTPHeader(name: "Cross-Origin-Opener-Policy", value: "same-origin"))
            headers.append(HTTPHeader(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()"))
        }
        return headers
    }

    /// Charts and the MFA QR code are SVG elements built by the scripts, so nothing inline is
    /// ever needed; a report is fetched with the session token and saved from a `blob:` URL,
    /// which is a download, not a load, and needs no source here.
    static let pagePolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
        "connect-src 'self'", "font-src 'self'", "manifest-src 'self'", "form-action 'self'",
        "base-uri 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
}
