import Foundation
import MDMERuntime
import Messaging
import Postgres

/// `mdme migrate`: applies the numbered SQL files shipped with the CLI.
enum MigrateCommand {
    static func run(configuration: MDMEConfiguration) throws {
        let connection = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: "mdme-migrate"))
        try connection.connect()
        defer { connection.close() }
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw CLIError("migrations are missing from the build")
        }
        let applied = try PostgresMigrator(directory: directory).migrate(on: connection)
        print(#"{"applied":[\#(applied.map(String.init).joined(separator: ","))]}"#)
    }
}
