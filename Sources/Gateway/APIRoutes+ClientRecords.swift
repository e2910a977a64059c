import Foundation
import MDMECore

/// Goals, colour scale and reflection sheets: `/clients/{id}/…` for staff, `/me/…` for the client.
extension APIRoutes {
    static func addGoalRoutes(to router: inout Router<RouteAction>, api: String) {
        router.add("GET", "\(api)/clients/{id}/goals", clientQuery(.listClientGoals))
        router.add("POST", "\(api)/clients/{id}/goals", .message(Endpoint(type: .createGoal, requiresAuth: true, body: .json) { input in
            clientCommand(CreateGoalRequest.self, input, ids: [:]) { $0.validate() }
        }))
        router.add("PATCH", "\(api)/clients/{id}/goals/{goal_id}", .message(Endpoint(type: .updateGoal, requiresAuth: true, body: .json) { input in
            clientCommand(UpdateGoalRequest.self, input, ids: ["goal_id": "goal_id"]) { $0.validate() }
        }))
        router.add("DELETE", "\(api)/clients/{id}/goals/{goal_id}", .message(Endpoint(type: .deleteGoal, requiresAuth: true, body: .none) { input in
            pathIDs(input, ["client_id": "id", "goal_id": "goal_id"])
        }))
        router.add("GET", "\(api)/me/goals", ownQuery(.listMyGoals))
    }

    static func addColorScaleRoutes(to router: inout Router<RouteAction>, api: String) {
        router.add("GET", "\(api)/clients/{id}/color-scale", clientQuery(.getClientColorScale))
        router.add("PUT", "\(api)/clients/{id}/color-scale", .message(Endpoint(type: .setColorScale, requiresAuth: true, body: .json) { input in
            clientCommand(SetColorScaleRequest.self, input, ids: [:]) { $0.validate() }
        }))
        router.add("GET", "\(api)/me/color-scale", ownQuery(.getMyColorScale))
    }

    static func addReflectionSheetRoutes(to router: inout Router<RouteAction>, api: String) {
        router.add("GET", "\(api)/clients/{id}/reflection-sheets", clientQuery(.listClientReflectionSheets))
        router.add("POST", "\(api)/clients/{id}/reflection-sheets", .message(Endpoint(type: .createReflectionSheet, requiresAuth: true, body: .json) { input in
            clientCommand(CreateReflectionSheetRequest.self, input, ids: [:]) { $0.validate() }
        }))
        router.add("PATCH", "\(api)/clients/{id}/reflection-sheets/{sheet_id}", .message(Endpoint(type: .updateReflectionSheet, requiresAuth: true, body: .json) { input in
            clientCommand(UpdateReflectionSheetRequest.self, input, ids: ["sheet_id": "sheet_id"]) { $0.validate() }
        }))
        router.add("GET", "\(api)/me/reflection-sheets", ownQuery(.listMyReflectionSheets))
    }

    /// A read of one client's records, named by the path's `{id}`.
    private static func clientQuery(_ type: MessageType) -> RouteAction {
        .message(Endpoint(type: type, requiresAuth: true, body: .none) { input in pathIDs(input, ["client_id": "id"]) })
    }

    /// A read of the calling client's own records.
    private static func ownQuery(_ type: MessageType) -> RouteAction {
        .message(Endpoint(type: type, requiresAuth: true, body: .none) { _ in .success(.object([:])) })
    }

    /// A validated body for one client's records, with `client_id` and the other path ids
    /// (payload field → path parameter) added.
    private static func clientCommand<T: Codable>(_ type: T.Type, _ input: RequestInput, ids: [String: String],
                                                  validate: (T) -> APIError?) -> Result<JSONValue, APIError> {
        pathIDs(input, ids.merging(["client_id": "id"]) { mine, _ in mine }).flatMap { path in
            decodeValidated(T.self, input, validate: validate).map { body in
                guard case .object(let fields) = path else { return body }
                return adding(fields, to: body)
            }
        }
    }

    /// The path ids as a payload object (payload field → path parameter); any that is not a UUID → 404.
    private static func pathIDs(_ input: RequestInput, _ ids: [String: String]) -> Result<JSONValue, APIError> {
        var fields: [String: JSONValue] = [:]
        for (field, parameter) in ids {
            switch uuidParameter(input, parameter) {
            case .success(let id): fields[field] = .string(id)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(.object(fields))
    }
}
