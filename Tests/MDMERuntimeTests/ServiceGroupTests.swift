import Dispatch
import Foundation
import MDMERuntime
import Synchronization
import Testing

/// What the fake services did, in order, across threads.
final class Journal: Sendable {
    private let entries = Mutex<[String]>([])
    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
    func matching(_ suffix: String) -> [String] { all.filter { $0.hasSuffix(suffix) } }
}

struct ServiceFailure: Error {}

/// Blocks in `run()` until `stop()`, or throws at once when told to fail.
final class FakeService: Service {
    let name: String
    let started = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let journal: Journal
    private let fails: Bool

    init(_ name: String, journal: Journal, fails: Bool = false) {
        self.name = name
        self.journal = journal
        self.fails = fails
    }

    func run() throws {
        journal.record("\(name).run")
        started.signal()
        if fails {
            journal.record("\(name).throw")
            throw ServiceFailure()
        }
        released.wait()
        journal.record("\(name).return")
    }

    func stop() {
        journal.record("\(name).stop")
        released.signal()
    }
}

/// Runs a group on its own thread, as `main` would, so a test can wait for it with a timeout.
final class GroupRunner: Sendable {
    let group: ServiceGroup
    private let status = Mutex<Int32?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(_ services: [any Service]) {
        group = ServiceGroup(services: services, logger: Logger(label: "test", level: .error, sink: { _ in }))
    }

    func start() {
        Thread { [self] in
            let result = group.run()
            status.withLock { $0 = result }
            finished.signal()
        }.start()
    }

    /// The exit status, or nil when `run()` has not returned within `seconds`.
    func wait(seconds: Double = 5) -> Int32? {
        guard finished.wait(timeout: .now() + seconds) == .success else { return nil }
        return status.withLock { $0 }
    }
}

/// Serialized: the signal tests signal the whole test process, which would stop a group
/// another test is running at the same time.
@Suite("Service group", .serialized)
struct ServiceGroupTests {
    static func waitUntilStarted(_ services: [FakeService]) -> Bool {
        services.allSatisfy { $0.started.wait(timeout: .now() + 5) == .success }
    }

    @Test func returnsZeroAfterStopAndStopsInReverseOrder() throws {
        let journal = Journal()
        let services = [FakeService("first", journal: journal), FakeService("second", journal: journal),
                        FakeService("third", journal: journal)]
        let runner = GroupRunner(services)
        runner.start()
        try #require(Self.waitUntilStarted(services))
        #expect(runner.wait(seconds: 0.05) == nil, "run() returned while its services were running")

        runner.group.stop()
        let status = try #require(runner.wait(), "run() did not return after stop()")
        #expect(status == 0)
        #expect(journal.matching(".stop") == ["third.stop", "second.stop", "first.stop"])
        #expect(Set(journal.matching(".return")) == ["first.return", "second.return", "third.return"])
    }

    @Test func stopIsIdempotent() throws {
        let journal = Journal()
        let services = [FakeService("a", journal: journal), FakeService("b", journal: journal)]
        let runner = GroupRunner(services)
        runner.start()
        try #require(Self.waitUntilStarted(services))
        runner.group.stop()
        runner.group.stop()
        #expect(try #require(runner.wait()) == 0)
        runner.group.stop()
        #expect(journal.matching(".stop") == ["b.stop", "a.stop"])
    }

    @Test func aFailingServiceStopsTheOthersAndReturnsOne() throws {
        let journal = Journal()
        let healthy = FakeService("healthy", journal: journal)
        let failing = FakeService("failing", journal: journal, fails: true)
        let runner = GroupRunner([healthy, failing])
        runner.start()
        let status = try #require(runner.wait(), "run() did not return after a service failed")
        #expect(status == 1)
        #expect(journal.all.contains("healthy.stop"))
        #expect(journal.all.contains("healthy.return"))
        #expect(journal.matching(".stop") == ["failing.stop", "healthy.stop"])
        let thrown = try #require(journal.all.firstIndex(of: "failing.throw"))
        let stopped = try #require(journal.all.firstIndex(of: "healthy.stop"))
        #expect(thrown < stopped)
    }

    @Test func twoFailingServicesStillReturnOne() throws {
        let journal = Journal()
        let runner = GroupRunner([FakeService("x", journal: journal, fails: true),
                                  FakeService("y", journal: journal, fails: true),
                                  FakeService("z", journal: journal)])
        runner.start()
        #expect(try #require(runner.wait()) == 1)
        #expect(journal.matching(".stop") == ["z.stop", "y.stop", "x.stop"])
    }

    /// Runs a group and stops it, so the process has run a group before (as the other tests do).
    static func runOnce() throws {
        let service = FakeService("earlier", journal: Journal())
        let runner = GroupRunner([service])
        runner.start()
        try #require(waitUntilStarted([service]))
        runner.group.stop()
        try #require(runner.wait() == 0)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalStopsTheGroup(signalNumber: Int32) throws {
        try Self.runOnce()
        let journal = Journal()
        let services = [FakeService("first", journal: journal), FakeService("second", journal: journal)]
        let runner = GroupRunner(services)
        runner.start()
        // The group installs its signal handlers before it starts any service.
        try #require(Self.waitUntilStarted(services))
        kill(getpid(), signalNumber)
        // Generous: dispatch delivers the signal on a global queue, which a loaded machine may delay.
        let status = runner.wait(seconds: 15)
        if status == nil {
            runner.group.stop()
            _ = runner.wait()
        }
        #expect(status == 0, "run() did not return after signal \(signalNumber)")
        #expect(journal.matching(".stop") == ["second.stop", "first.stop"])
    }

    @Test func noServicesReturnsAtOnce() throws {
        let runner = GroupRunner([])
        runner.start()
        #expect(try #require(runner.wait()) == 0)
    }
}
