import HTTPServer

/// The security headers of every gateway response, per kind of response, in one place.
enum SecurityHeaders {
    enum Kind {
        /// JSON, YAML and metrics: never rendered, never framed, never cached.
        case apiData
        /// Pages of a web front end served by the gateway (none yet): may load their own
        /// scripts and styles, still never framed.
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
            headers.append(HTTPHeader(name: "Content-Security-Policy", value: "default-src 'self'; frame-ancestors 'none'"))
        }
        return headers
    }
}
