import Foundation
import Testing

/// openapi/mdme.yaml describes exactly the routes the gateway serves.
@Suite
struct OpenAPIConsistencyTests {
    @Test("every gateway route is in the OpenAPI description and every described operation is routed")
    func routesMatch() throws {
        let environment = try TestEnvironment.require()
        let routes = try gatewayRoutes(environment.repository)
        let described = try describedOperations(environment.repository)
        #expect(routes.count >= 20, "the route table was found")
        #expect(routes.subtracting(described).sorted() == [], "routes missing from openapi/mdme.yaml")
        #expect(described.subtracting(routes).sorted() == [], "described operations the gateway does not serve")
    }

    /// `METHOD /path` of every `router.add` in the gateway's route table.
    private func gatewayRoutes(_ repository: URL) throws -> Set<String> {
        let directory = repository.appendingPathComponent("Sources/Gateway")
        var routes = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("APIRoutes") {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"router\.add\("([A-Z]+)", "([^"]+)""#)
            for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                let method = String(source[Range(match.range(at: 1), in: source)!])
                let path = String(source[Range(match.range(at: 2), in: source)!]).replacingOccurrences(of: #"\(api)"#, with: "/api/v1")
                routes.insert("\(method) \(path)")
            }
        }
        return routes
    }

    /// `METHOD /path` of every operation under `paths:` (two-space path keys, four-space methods).
    private func describedOperations(_ repository: URL) throws -> Set<String> {
        let text = try String(contentsOf: repository.appendingPathComponent("openapi/mdme.yaml"), encoding: .utf8)
        var operations = Set<String>()
        var path: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                      let method = ["get", "head", "post", "put", "patch", "delete"].first(where: { line == "    \($0):" }) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }
}
