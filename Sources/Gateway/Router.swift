import Foundation

/// Matches a method and path against route patterns like `/api/v1/clients/{id}`.
struct Router<Action: Sendable>: Sendable {
    struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Substring]
        let action: Action
    }

    enum Match {
        case found(Route, parameters: [String: String])
        /// The path exists but not for this method; `allowed` lists the methods that do.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: String, _ pattern: String, _ action: Action) {
        routes.append(Route(method: method, pattern: pattern, segments: Self.split(pattern), action: action))
    }

    func match(method: String, path: String) -> Match {
        // Strict: `/clients/` and `/clients//x` name nothing (libmicrohttpd also cuts a path at
        // a decoded `%00`, which would otherwise turn `/clients/%00` into `/clients/`).
        guard path.hasPrefix("/"), !path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) || path == "/" else {
            return .notFound
        }
        let segments = Self.split(path)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET" && !routes.contains { $0.method == "HEAD" && $0.pattern == route.pattern }) {
                return .found(route, parameters: parameters)
            }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func bind(_ pattern: [Substring], to path: [Substring]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix("{"), expected.hasSuffix("}") {
                parameters[String(expected.dropFirst().dropLast())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
