import Foundation
import MDMECore
import MDMERuntime
import Retention

/// `mdme retention sweep|status`: the retention sweep on demand, optionally as of another time
/// (operators catching up, tests stepping through months). It waits for a running sweep to
/// finish rather than skipping, so its summary is this sweep's work.
enum RetentionCommand {
    static func sweep(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let now = try asOf(arguments)
        let sweep = try RetentionSweep(configuration: configuration, logger: logger(configuration), applicationName: "mdme-retention-cli")
        defer { sweep.close() }
        print(try sweep.sweep(now: now, waitForLock: true).json)
    }

    static func status(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let now = try asOf(arguments)
        let sweep = try RetentionSweep(configuration: configuration, logger: logger(configuration), applicationName: "mdme-retention-cli")
        defer { sweep.close() }
        print(try sweep.status(now: now).json)
    }

    private static func asOf(_ arguments: CommandArguments) throws -> Date {
        guard let text = arguments.optional("as-of") else { return Date() }
        guard let date = RFC3339.parse(text) else { throw CLIError("--as-of must be an RFC 3339 time, e.g. 2027-04-05T00:00:00Z") }
        return date
    }

    private static func logger(_ configuration: MDMEConfiguration) -> Logger {
        Logger(label: "mdme", level: configuration.logLevelValue)
    }
}
