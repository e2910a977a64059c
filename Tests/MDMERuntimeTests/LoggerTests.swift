import Foundation
import MDMERuntime
import Synchronization
import Testing

/// Collects the lines a logger writes.
final class CapturingSink: Sendable {
    private let lines = Mutex<[String]>([])

    var captured: [String] { lines.withLock { $0 } }

    var write: @Sendable (String) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }

    /// Every captured line parsed as a JSON object of strings.
    func objects() throws -> [[String: String]] {
        try captured.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: String], "not an object of strings: \(line)")
        }
    }
}

@Suite("Logger")
struct LoggerTests {
    @Test func writesOneJSONObjectPerLine() throws {
        let sink = CapturingSink()
        let logger = Logger(label: "mdme.test", sink: sink.write)
        logger.info("started", ["request.id": "r-1"])
        #expect(sink.captured.count == 1)
        #expect(sink.captured.allSatisfy { !$0.contains("\n") })
        let line = try #require(try sink.objects().first)
        #expect(line["level"] == "info")
        #expect(line["logger"] == "mdme.test")
        #expect(line["msg"] == "started")
        #expect(line["request.id"] == "r-1")
        #expect(Set(line.keys) == ["ts", "level", "logger", "msg", "request.id"])
    }

    @Test func timestampIsUTCWithFraction() throws {
        let sink = CapturingSink()
        let before = Date()
        Logger(label: "t", sink: sink.write).warning("x")
        let timestamp = try #require(try sink.objects().first?["ts"])
        let pattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/
        #expect(timestamp.wholeMatch(of: pattern) != nil, "\(timestamp)")
        let parsed = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp)
        #expect(abs(parsed.timeIntervalSince(before)) < 5)
    }

    @Test func mergesLoggerAndCallMetadataWithTheCallWinning() throws {
        let sink = CapturingSink()
        let logger = Logger(label: "t", metadata: ["service": "gateway", "request.id": "old"], sink: sink.write)
        logger.notice("handled", ["request.id": "new", "http.status": "200"])
        let line = try #require(try sink.objects().first)
        #expect(line["service"] == "gateway")
        #expect(line["request.id"] == "new")
        #expect(line["http.status"] == "200")
        #expect(logger.metadata["request.id"] == "old")
    }

    @Test func reservedFieldsCannotBeOverwrittenByMetadata() throws {
        let sink = CapturingSink()
        let logger = Logger(label: "real", metadata: ["logger": "fake"], sink: sink.write)
        logger.error("boom", ["level": "debug", "msg": "other", "ts": "never"])
        let line = try #require(try sink.objects().first)
        #expect(line["logger"] == "real")
        #expect(line["level"] == "error")
        #expect(line["msg"] == "boom")
        #expect(line["ts"] != "never")
    }

    @Test func withAddsMetadataToACopy() throws {
        let sink = CapturingSink()
        let base = Logger(label: "t", metadata: ["a": "1"], sink: sink.write)
        let derived = base.with(["message.id": "m-7", "a": "2"])
        derived.info("one")
        base.info("two")
        let lines = try sink.objects()
        #expect(lines.count == 2)
        #expect(lines[0]["message.id"] == "m-7")
        #expect(lines[0]["a"] == "2")
        #expect(lines[1]["message.id"] == nil)
        #expect(lines[1]["a"] == "1")
        #expect(derived.label == base.label)
    }

    @Test(arguments: Logger.Level.allCases)
    func levelFiltering(threshold: Logger.Level) throws {
        let sink = CapturingSink()
        let logger = Logger(label: "t", level: threshold, sink: sink.write)
        logger.debug("debug")
        logger.info("info")
        logger.notice("notice")
        logger.warning("warning")
        logger.error("error")
        let expected = Logger.Level.allCases.filter { $0 >= threshold }.map(\.rawValue)
        #expect(try sink.objects().map { $0["msg"] } == expected)
        #expect(try sink.objects().map { $0["level"] } == expected)
    }

    @Test func filteredMessagesAreNotEvaluated() {
        let sink = CapturingSink()
        let logger = Logger(label: "t", level: .warning, sink: sink.write)
        let evaluated = Mutex(false)
        func expensive() -> String {
            evaluated.withLock { $0 = true }
            return "expensive"
        }
        logger.debug(expensive())
        #expect(!evaluated.withLock { $0 })
        #expect(sink.captured.isEmpty)
    }

    @Test func levelsAreOrdered() {
        #expect(Logger.Level.debug < .info)
        #expect(Logger.Level.info < .notice)
        #expect(Logger.Level.notice < .warning)
        #expect(Logger.Level.warning < .error)
        #expect(Logger.Level.allCases.sorted() == Logger.Level.allCases)
    }

    @Test func defaultLevelIsInfo() {
        let sink = CapturingSink()
        let logger = Logger(label: "t", sink: sink.write)
        #expect(logger.level == .info)
        logger.debug("hidden")
        #expect(sink.captured.isEmpty)
    }

    @Test func specialCharactersStayValidJSON() throws {
        let sink = CapturingSink()
        Logger(label: "t", sink: sink.write).info("quote \" backslash \\ newline \n tab \t slash / æøå", ["path": "/a/b"])
        #expect(sink.captured.count == 1)
        #expect(!sink.captured[0].contains("\n"))
        #expect(sink.captured[0].contains(#""path":"/a/b""#))
        let line = try #require(try sink.objects().first)
        #expect(line["msg"] == "quote \" backslash \\ newline \n tab \t slash / æøå")
    }

    @Test func concurrentLoggingLosesNoLines() async throws {
        let sink = CapturingSink()
        let logger = Logger(label: "t", sink: sink.write)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 { logger.info("line", ["task": "\(task)", "index": "\(index)"]) }
                }
            }
        }
        #expect(sink.captured.count == 400)
        #expect(try sink.objects().count == 400)
    }
}
