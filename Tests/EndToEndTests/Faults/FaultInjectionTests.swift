import Foundation
import Testing

/// Faults under a steady load (registrations, questionnaire answers and report requests from
/// several clients of several tenants): afterwards every acknowledged request took effect exactly once, nothing
/// acknowledged is missing, the queues drain and no dead letter is left. scripts/test runs a
/// short form; `scripts/faults` runs it longer (MDME_FAULT_LOAD_SECONDS, MDME_FAULT_OUTAGE_SECONDS)
/// and prints the table of every fault.
@Suite(.serialized)
struct FaultInjectionTests {
    /// Seconds of load before and after each fault.
    static let loadSeconds = Self.setting("MDME_FAULT_LOAD_SECONDS", default: 4)
    /// How long a worker cannot reach PostgreSQL.
    static let outageSeconds = Self.setting("MDME_FAULT_OUTAGE_SECONDS", default: 8)
    /// A short reply timeout, so requests during an outage are answered 202 soon.
    static let settings = ["MDME_GATEWAY_REPLY_TIMEOUT_MS": "2000"]

    @Test("kill -9 of a worker mid-load, then restart", arguments: SystemUnderTest.Component.allCases.filter { $0 != .gateway })
    func killWorker(_ component: SystemUnderTest.Component) async throws {
        let system = try await SystemUnderTest.start(settings: Self.settings, reports: true)
        defer { system.shutdown() }
        try await exercise("kill -9 \(component.rawValue)", on: system) {
            system.stop(component, signal: SIGKILL)
            try await Task.sleep(for: .milliseconds(500))
            try system.start(component)
        }
    }

    @Test("the gateway restarted mid-load")
    func restartGateway() async throws {
        let system = try await SystemUnderTest.start(settings: Self.settings, reports: true)
        defer { system.shutdown() }
        try await exercise("gateway restarted", on: system) {
            system.stop(.gateway)
            try system.start(.gateway)
            try await system.waitUntilReady()
        }
    }

    @Test("RabbitMQ restarted mid-load")
    func restartRabbitMQ() async throws {
        let broker = try BrokerInstance()
        defer { broker.shutdown() }
        let system = try await SystemUnderTest.start(settings: Self.settings, broker: broker, reports: true)
        defer { system.shutdown() }
        try await exercise("RabbitMQ restarted", on: system) {
            try broker.stop()
            try broker.start()
        }
    }

    /// Three more broker nodes cost a minute and, on a machine loaded by the parallel test run,
    /// show the open problem noted in issue 9 (messages dead-lettered by the delivery limit
    /// while the cluster fails over); so only `scripts/faults` runs this one.
    @Test("one node of a three-node RabbitMQ cluster stopped mid-load",
          .enabled(if: ProcessInfo.processInfo.environment["MDME_FAULTS_FULL"] != nil, "scripts/faults runs it"))
    func stopOneClusterNode() async throws {
        let cluster = try BrokerCluster()
        defer { cluster.shutdown() }
        let system = try await SystemUnderTest.start(settings: Self.settings.merging(["MDME_AMQP_URL": cluster.url]) { $1 },
                                                     broker: cluster.nodes[0], reports: true)
        defer { system.shutdown() }
        try await exercise("1 of 3 RabbitMQ cluster nodes stopped", on: system) {
            // Processes pick nodes at random; some of the system's connections are on this one.
            let connections = try TestEnvironment.run("/usr/lib/rabbitmq/bin/rabbitmqctl", [
                "-q", "-n", cluster.nodes[1].node, "list_connections", "name", "--no-table-headers",
            ])
            #expect(!connections.isEmpty, "the stopped node served some of the system's connections")
            try cluster.nodes[1].stop()
        }
    }

    @Test("PostgreSQL restarted mid-load")
    func restartPostgreSQL() async throws {
        let postgres = try PostgresInstance()
        defer { postgres.shutdown() }
        let system = try await SystemUnderTest.start(settings: Self.settings, postgres: postgres, reports: true)
        defer { system.shutdown() }
        try await exercise("PostgreSQL restarted", on: system) {
            try postgres.stop()
            try await Task.sleep(for: .seconds(1))
            try postgres.start()
        }
    }

    @Test("the storage worker cannot reach PostgreSQL for a while")
    func storageCutOffFromPostgreSQL() async throws {
        let postgres = try PostgresInstance()
        defer { postgres.shutdown() }
        let proxy = try TCPProxy(to: postgres.port)
        defer { proxy.stop() }
        let system = try await SystemUnderTest.start(settings: Self.settings, postgres: postgres, reports: true)
        defer { system.shutdown() }
        system.stop(.storage)
        try system.start(.storage, settings: [
            "MDME_POSTGRES_URL": "host=127.0.0.1 port=\(proxy.port) user=mdme_app password=mdme_app dbname=\(system.name)",
        ])
        try await exercise("mdme-storage cut off from PostgreSQL \(Int(Self.outageSeconds)) s", on: system) {
            proxy.block()
            try await Task.sleep(for: .seconds(Self.outageSeconds))
            proxy.unblock()
        }
    }

    @Test("three replicas of every worker, one storage replica killed mid-load")
    func threeReplicas() async throws {
        let system = try await SystemUnderTest.start(settings: Self.settings, reports: true)
        defer { system.shutdown() }
        for component in SystemUnderTest.Component.allCases where component != .gateway {
            for replica in 2...3 { try system.start(component, replica: replica) }
        }
        try await exercise("3 replicas each, kill -9 one storage", on: system) {
            system.stop(.storage, replica: 2, signal: SIGKILL)
            try system.start(.storage, replica: 2)
        }
    }

    /// Load, the fault, more load; then the checker's verdict, printed as a table row.
    private func exercise(_ fault: String, on system: SystemUnderTest, inject: () async throws -> Void) async throws {
        let load = try await FaultLoad.prepare(on: system)
        async let running: Void = load.run()
        try await Task.sleep(for: .seconds(Self.loadSeconds))
        try await inject()
        try await Task.sleep(for: .seconds(Self.loadSeconds))
        load.stop()
        await running
        let outcome = try await load.check(fault: fault)
        print("\(FaultLoad.Outcome.header)\n\(outcome)")
        if let report = ProcessInfo.processInfo.environment["MDME_FAULT_REPORT"],
           let handle = FileHandle(forWritingAtPath: report) {
            let empty = handle.seekToEndOfFile() == 0
            handle.write(Data(((empty ? FaultLoad.Outcome.header + "\n" : "") + "\(outcome)\n").utf8))
            try handle.close()
        }
        if outcome.deadLetters > 0 {
            print((try? system.cli(["dlq", "list", "--limit", "5"])) ?? "")
            // What the processes met on the way (ids only, as ever): the next occurrence of a
            // rare dead letter should explain itself.
            for component in SystemUnderTest.Component.allCases {
                let notable = system.log(component).split(separator: "\n").filter { !$0.contains(#""level":"info""#) }
                print("\(component.rawValue): \(notable.count) lines above info\n" + notable.suffix(40).joined(separator: "\n"))
            }
        }
        #expect(outcome.acknowledged > 0, "the load made progress")
        #expect(outcome.lost == 0, "acknowledged but not stored")
        #expect(outcome.duplicates == 0, "stored twice")
        #expect(outcome.deadLetters == 0, "nothing dead-lettered")
        #expect(outcome.refusals.isEmpty, "\(outcome.refusals)")
    }

    private static func setting(_ name: String, default value: Double) -> Double {
        ProcessInfo.processInfo.environment[name].flatMap(Double.init) ?? value
    }
}
