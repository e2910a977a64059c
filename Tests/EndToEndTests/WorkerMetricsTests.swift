import Foundation
import Testing

/// `/metrics` of a worker process, on its own port, counting what really happened.
@Suite(.runningSystem)
struct WorkerMetricsTests {
    @Test("the storage worker's /metrics counts processed and refused messages, latency and in-flight")
    func storageWorkerMetrics() async throws {
        let system = try await SystemUnderTest.start()
        defer { system.shutdown() }
        let metricsPort = TestEnvironment.freePort()
        system.stop(.storage)
        try system.start(.storage, settings: ["MDME_WORKER_METRICS_PORT": "\(metricsPort)"])
        let tenant = try await TenantFixture.create(on: system)
        let client = try await tenant.createClient(by: tenant.admin)
        for activity in ["Morgenmad", "Gåtur", "Indkøb"] {
            let created = try await system.api.post("/api/v1/me/registrations", registration(activity), token: client.token)
            #expect(created.status == 201, "\(created.text)")
        }
        // Refused by the worker, which alone knows which clients exist.
        let refused = try await system.api.get("/api/v1/clients/\(UUID().uuidString.lowercased())", token: tenant.admin.token)
        #expect(refused.status == 404, "\(refused.text)")

        let endpoint = APIClient(baseURL: URL(string: "http://127.0.0.1:\(metricsPort)")!)
        let metrics = try await endpoint.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = Self.samples(metrics.text)
        // Logins, invitations and the client's creation are messages too, so at least these many.
        #expect(samples[#"mdme_worker_messages_total{outcome="processed",worker="storage"}"#, default: 0] >= 3, "\(metrics.text)")
        #expect(samples[#"mdme_worker_messages_total{outcome="refused",worker="storage"}"#, default: 0] >= 1)
        #expect(samples[#"mdme_worker_messages_total{outcome="dead_lettered",worker="storage"}"#] == 0)
        #expect(samples["mdme_worker_in_flight"] == 0)
        let handled = samples["mdme_worker_handler_duration_seconds_count", default: 0]
        #expect(handled >= 4 && samples[#"mdme_worker_handler_duration_seconds_bucket{le="+Inf"}"#] == handled)
        #expect(samples["mdme_worker_reconnects_total"] == 0)
        #expect(try await endpoint.get("/healthz").status == 200)
        #expect(try await endpoint.get("/clients").status == 404)
    }

    /// `name{labels} value` lines as a dictionary.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
