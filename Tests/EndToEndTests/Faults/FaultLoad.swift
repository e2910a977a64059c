import Foundation
import Synchronization
import Testing

/// A steady load on a running system from several clients of several tenants — diary
/// registrations, questionnaire answers and the therapists' report requests — that records every request the gateway
/// acknowledged (2xx or 202). Each client behaves like the phone app: a failed request is sent
/// again with the same Idempotency-Key until it is acknowledged.
final class FaultLoad: Sendable {
    struct LoadClient: Sendable {
        let id: String
        let token: String
        let adminToken: String
        /// Questionnaires assigned to the client (id, answers), answered one by one during the load.
        let questionnaires: [(id: String, answers: [Double])]
    }

    private struct Tally {
        var registrationsSent = 0
        var registrationsAcknowledged = Set<String>()
        var answersSent = 0
        var answersAcknowledged = Set<String>()
        var reportsSent = 0
        /// Report ids the gateway answered 202 for.
        var reportsAcknowledged = Set<String>()
        /// Requests sent again after a failure or no answer: shows the fault was felt.
        var resent = 0
        var refusals: [String] = []
    }

    let system: SystemUnderTest
    let clients: [LoadClient]
    private let tally = Mutex(Tally())
    private let stopping = Atomic<Bool>(false)
    /// One of each instrument (a client has at most one of each waiting).
    private static let answers: [String: [Double]] = [
        "mfs": Array(repeating: 1, count: 13) + [1.5, 3],
        "mfi20": (1...20).map { Double(($0 - 1) % 5 + 1) },
    ]

    private init(system: SystemUnderTest, clients: [LoadClient]) {
        self.system = system
        self.clients = clients
    }

    /// Tenants with clients, each client with an MFS and an MFI-20 assigned.
    static func prepare(on system: SystemUnderTest, tenants: Int = 2, clientsPerTenant: Int = 12) async throws -> FaultLoad {
        var clients: [LoadClient] = []
        for _ in 0..<tenants {
            let tenant = try await TenantFixture.create(on: system)
            for _ in 0..<clientsPerTenant {
                let client = try await tenant.createClient(by: tenant.admin)
                var assigned: [(id: String, answers: [Double])] = []
                for (instrument, answers) in answers.sorted(by: { $0.key < $1.key }) {
                    let created = try await system.api.post("/api/v1/clients/\(client.id)/questionnaires", ["instrument": instrument], token: tenant.admin.token)
                    assigned.append((try #require(created.object["id"] as? String, "\(created.text)"), answers))
                }
                clients.append(LoadClient(id: client.id, token: client.token, adminToken: tenant.admin.token, questionnaires: assigned))
            }
        }
        return FaultLoad(system: system, clients: clients)
    }

    /// Runs the load until ``stop()``; returns when every client's last request has settled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask { await self.drive(client, index: index) }
            }
        }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    private func drive(_ client: LoadClient, index: Int) async {
        var sequence = 0
        var nextQuestionnaire = 0
        while !stopping.load(ordering: .relaxed) {
            sequence += 1
            let marker = "last-\(index)-\(sequence)"
            tally.withLock { $0.registrationsSent += 1 }
            if await acknowledged(path: "/api/v1/me/registrations", body: registration(marker), token: client.token) != nil {
                tally.withLock { _ = $0.registrationsAcknowledged.insert(marker) }
            }
            if sequence % 10 == 0 {
                // The therapist asks for a report: rendered by mdme-reports when it runs.
                tally.withLock { $0.reportsSent += 1 }
                if let reply = await acknowledged(path: "/api/v1/clients/\(client.id)/reports", body: ["kind": "color_scale"], token: client.adminToken),
                   let id = reply.object["id"] as? String {
                    tally.withLock { _ = $0.reportsAcknowledged.insert(id) }
                }
            }
            if sequence % 8 == 0, nextQuestionnaire < client.questionnaires.count {
                let (id, answers) = client.questionnaires[nextQuestionnaire]
                nextQuestionnaire += 1
                tally.withLock { $0.answersSent += 1 }
                if await acknowledged(path: "/api/v1/me/questionnaires/\(id)/answers", body: ["answers": answers], token: client.token) != nil {
                    tally.withLock { _ = $0.answersAcknowledged.insert(id) }
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends until the gateway acknowledges, as the phone app would, for at most a minute
    /// (past `stop()` too, so a request in the middle of a fault settles). The acknowledging
    /// answer, or nil.
    private func acknowledged(path: String, body: [String: Any], token: String) async -> APIResponse? {
        let key = UUID().uuidString
        let deadline = ContinuousClock.now + .seconds(60)
        var attempt = 0
        while ContinuousClock.now < deadline {
            attempt += 1
            if attempt > 1 { tally.withLock { $0.resent += 1 } }
            if let response = try? await system.api.post(path, body, token: token, headers: ["Idempotency-Key": key]) {
                switch response.status {
                case 200...299: return response
                case 400..<500 where response.status != 429:
                    tally.withLock { $0.refusals.append("\(response.status) \(response.errorCode ?? "")") }
                    return nil
                default: break
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    /// What the checker found once the system had drained.
    struct Outcome: CustomStringConvertible {
        let fault: String
        let requests: Int
        let acknowledged: Int
        let stored: Int
        let duplicates: Int
        let lost: Int
        let resent: Int
        let refusals: [String]
        let deadLetters: Int

        static let columns = [("requests", 10), ("acknowledged", 14), ("stored", 8), ("duplicates", 12), ("lost", 6), ("resent", 8)]
        static let header = "fault".padding(toLength: 44, withPad: " ", startingAt: 0)
            + columns.map { String(repeating: " ", count: $0.1 - $0.0.count) + $0.0 }.joined()

        var description: String {
            fault.padding(toLength: 44, withPad: " ", startingAt: 0)
                + zip([requests, acknowledged, stored, duplicates, lost, resent], Self.columns).map { value, column in
                    String(repeating: " ", count: max(0, column.1 - "\(value)".count)) + "\(value)"
                }.joined()
        }
    }

    /// Waits until the queues are empty and every acknowledged answer is scored, then counts
    /// what was stored against what was acknowledged.
    func check(fault: String) async throws -> Outcome {
        let snapshot = tally.withLock { $0 }
        try await eventually(timeout: .seconds(120), "the queues drain") {
            try system.queueDepths().filter { !$0.key.hasPrefix("mdme.dead.") }.values.allSatisfy { $0 == 0 }
                && system.count("select count(*)::int as count from outbox") == 0
        }
        var stored: [String: Int] = [:]
        for client in clients {
            // As a front end would: a 503 says to try again shortly (Retry-After), which right
            // after a broker node went away a query may meet once.
            var list = try await system.api.get("/api/v1/clients/\(client.id)/registrations", token: client.adminToken)
            for _ in 0..<5 where list.status == 503 {
                try await Task.sleep(for: .seconds(1))
                list = try await system.api.get("/api/v1/clients/\(client.id)/registrations", token: client.adminToken)
            }
            guard list.status == 200 else { throw TestFailure("listing failed: \(list.status) \(list.text)") }
            // A list answer holds at most 1,000 rows: a fuller one would hide rows from the count
            // (the load is spread over enough clients that none gets there).
            guard list.array.count < 1000 else {
                throw TestFailure("a client has \(list.array.count) registrations, more than one list answer shows; spread the load over more clients")
            }
            for activity in list.array.compactMap({ $0["activity"] as? String }) where activity.hasPrefix("last-") {
                stored[activity, default: 0] += 1
            }
        }
        var scored = Set<String>()
        try await eventually(timeout: .seconds(60), "acknowledged answers are scored") {
            scored = []
            for client in clients {
                let list = try await system.api.get("/api/v1/clients/\(client.id)/questionnaires", token: client.adminToken)
                for item in list.array where item["status"] as? String == "scored" {
                    if let id = item["id"] as? String { scored.insert(id) }
                }
            }
            return snapshot.answersAcknowledged.isSubset(of: scored)
        }
        // Every acknowledged report is rendered, and no request made two (a request whose
        // answer was lost may have made one without being acknowledged).
        var readyReports = Set<String>()
        var requestedReports = 0
        try? await eventually(timeout: .seconds(60), "acknowledged reports are ready") {
            readyReports = []
            requestedReports = 0
            for client in clients {
                let list = try await system.api.get("/api/v1/clients/\(client.id)/reports", token: client.adminToken)
                for report in list.array where report["automatic"] as? Bool == false {
                    requestedReports += 1
                    if report["status"] as? String == "ready", let id = report["id"] as? String { readyReports.insert(id) }
                }
            }
            return snapshot.reportsAcknowledged.isSubset(of: readyReports)
        }
        let deadLetters = try system.queueDepths().filter { $0.key.hasPrefix("mdme.dead.") }.values.reduce(0, +)
        return Outcome(
            fault: fault,
            requests: snapshot.registrationsSent + snapshot.answersSent + snapshot.reportsSent,
            acknowledged: snapshot.registrationsAcknowledged.count + snapshot.answersAcknowledged.count + snapshot.reportsAcknowledged.count,
            stored: stored.count + scored.count + readyReports.count,
            duplicates: stored.values.reduce(0) { $0 + max(0, $1 - 1) } + max(0, requestedReports - snapshot.reportsSent),
            lost: snapshot.registrationsAcknowledged.subtracting(stored.keys).count + snapshot.answersAcknowledged.subtracting(scored).count
                + snapshot.reportsAcknowledged.subtracting(readyReports).count,
            resent: snapshot.resent,
            refusals: snapshot.refusals,
            deadLetters: deadLetters
        )
    }
}
