import Testing

/// Gives a suite one running system for all its tests, shut down when the suite ends.
struct RunningSystemTrait: SuiteTrait, TestScoping {
    /// Whether the system runs mdme-reports too.
    var reports = false

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let system = try await SystemUnderTest.start(reports: reports)
        defer { system.shutdown() }
        try await SystemUnderTest.$current.withValue(system) {
            try await function()
        }
    }
}

extension SystemUnderTest {
    /// The suite's system, set by the `.runningSystem` trait.
    @TaskLocal static var current: SystemUnderTest?

    static func require() throws -> SystemUnderTest {
        try #require(current, "the suite needs the .runningSystem trait")
    }
}

extension Trait where Self == RunningSystemTrait {
    /// Starts a whole system (database, vhost, gateway, storage worker) for the suite.
    static var runningSystem: Self { Self() }

    /// A whole system with mdme-reports as well.
    static var runningSystemWithReports: Self { Self(reports: true) }
}
