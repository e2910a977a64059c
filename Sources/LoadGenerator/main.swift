import Foundation

// mdme-load: the load generator of `scripts/bench`. Prints one JSON line per measurement.
//   mdme-load http --port P --invitation TOKEN --email E [--clients 64] [--seconds 10] [--concurrency 1,16,64]
//                  [--cpu gateway=PID,storage=PID,postgres=PID+PID…]  (CPU milliseconds per request, per phase)
//   mdme-load amqp --url amqp://… [--seconds 5] [--concurrency 1,16]
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String? = nil) -> String {
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    guard let fallback else {
        FileHandle.standardError.write(Data("mdme-load: --\(name) is required\n".utf8))
        exit(64)
    }
    return fallback
}

func report(_ fields: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func rounded(_ value: Double, _ places: Double = 2) -> Double {
    let scale = pow(10, places)
    return (value * scale).rounded() / scale
}

let processCPU = ProcessCPU(option("cpu", ""))

/// Runs one load phase and reports its latency, throughput and the CPU each request cost.
func measure(_ endpoint: String, port: UInt16, concurrency: Int, _ request: (Int) -> LoadPhase.Request) throws {
    let before = processCPU.sample()
    let summary = try LoadPhase(port: port, concurrency: concurrency, seconds: seconds).run(request)
    var fields: [String: Any] = [
        "benchmark": "http", "endpoint": endpoint, "concurrency": concurrency, "requests": summary.requests,
        "errors": summary.errors, "per_second": rounded(summary.throughput, 0),
        "p50_ms": rounded(summary.p50 * 1000), "p95_ms": rounded(summary.p95 * 1000), "p99_ms": rounded(summary.p99 * 1000),
    ]
    if !processCPU.groups.isEmpty {
        fields["cpu_ms_per_request"] = ProcessCPU.perRequest(from: before, to: processCPU.sample(), requests: summary.requests)
    }
    report(fields)
}

let levels = option("concurrency", arguments.first == "amqp" ? "1,16" : "1,16,64").split(separator: ",").compactMap { Int($0) }
let seconds = Double(option("seconds", "10")) ?? 10
do {
    switch arguments.first {
    case "http":
        guard let port = UInt16(option("port")) else { throw HTTPConnection.Failure(description: "--port must be a port number") }
        let population = try BenchPopulation.make(port: port, adminInvitation: option("invitation"), adminEmail: option("email"),
                                                  clients: Int(option("clients", "64")) ?? 64, seededPerClient: 20)
        let clients = population.clients
        let body = BenchPopulation.registration()
        for concurrency in levels {
            try measure("POST /me/registrations", port: port, concurrency: concurrency) { index in
                let token = clients[index % clients.count].token
                return LoadPhase.Request(bytes: HTTPConnection.request("POST", "/api/v1/me/registrations", port: port, body: body, token: token),
                                         expectedStatus: 201)
            }
        }
        let day = population.seededDay
        let adminToken = population.adminToken
        for concurrency in levels {
            try measure("GET /clients/{id}/registrations", port: port, concurrency: concurrency) { index in
                let client = clients[index % clients.count]
                let path = "/api/v1/clients/\(client.id)/registrations?from=\(day)&to=\(day)"
                return LoadPhase.Request(bytes: HTTPConnection.request("GET", path, port: port, token: adminToken), expectedStatus: 200)
            }
        }
    case "amqp":
        for concurrency in levels {
            let rate = try AMQPRoundTrip(url: option("url"), concurrency: concurrency, seconds: seconds).run()
            report(["benchmark": "amqp_round_trip", "concurrency": concurrency, "per_second": rounded(rate, 0)])
        }
    default:
        FileHandle.standardError.write(Data("usage: mdme-load http|amqp …\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("mdme-load: \(error)\n".utf8))
    exit(1)
}
