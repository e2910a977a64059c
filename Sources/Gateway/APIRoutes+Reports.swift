import Foundation
import MDMECore

/// PDF reports: asked for per client, then read and downloaded by their own id.
extension APIRoutes {
    static func addReportRoutes(to router: inout Router<RouteAction>, api: String) {
        router.add("POST", "\(api)/clients/{id}/reports", .message(Endpoint(type: .requestReport, requiresAuth: true, body: .json) { input in
            uuidParameter(input, "id").flatMap { id in
                decodeValidated(CreateReportRequest.self, input) { $0.validate() }.map { adding(["client_id": .string(id)], to: $0) }
            }
        }))
        router.add("GET", "\(api)/clients/{id}/reports", .message(Endpoint(type: .listClientReports, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["client_id": .string($0)]) }
        }))
        router.add("GET", "\(api)/reports/{id}", .message(Endpoint(type: .getReport, requiresAuth: true, body: .none) { input in
            uuidParameter(input, "id").map { .object(["report_id": .string($0)]) }
        }))
        router.add("GET", "\(api)/reports/{id}/pdf", .message(Endpoint(type: .getReportPDF, requiresAuth: true, body: .none, reply: .file) { input in
            uuidParameter(input, "id").map { .object(["report_id": .string($0)]) }
        }))
    }
}
