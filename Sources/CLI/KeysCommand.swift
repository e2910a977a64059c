import Crypto
import DataProtection
import Foundation
import MDMERuntime
import Messaging
import Postgres

/// `mdme keys generate|rotate|status`: master key rotation, run while the system is up
/// (README.md, "Rotating keys", has the operator's procedure).
enum KeysCommand {
    /// Writes a new random 32-byte key, base64, readable by its owner only; never overwrites.
    static func generate(arguments: CommandArguments) throws {
        let path = try arguments.required("out")
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) exists; keys are never overwritten") }
        let text = Data((Data(SecureRandom.bytes(32)).base64EncodedString() + "\n").utf8)
        guard FileManager.default.createFile(atPath: path, contents: text, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("cannot write \(path)")
        }
        print(#"{"written":\#(jsonString(path))}"#)
    }

    /// Rewraps every data key under `security.master_key_id`; the previous master key must be
    /// configured (`security.previous_master_key_*`) for keys it still wraps.
    static func rotate(arguments: CommandArguments, configuration: MDMEConfiguration) throws {
        let batchSize = Int(arguments.optional("batch-size") ?? "500") ?? 0
        guard (1...100_000).contains(batchSize) else { throw CLIError("--batch-size must be 1…100000") }
        try withRotation(configuration) { rotation, keyring in
            let unknown = try rotation.countByMasterKey().keys.filter { !keyring.keyIDs.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw CLIError("""
                    data keys are wrapped by master key \(unknown.joined(separator: ", ")), which is not configured: \
                    set security.previous_master_key_file and security.previous_master_key_id to it
                    """)
            }
            let rewrapped = try rotation.rewrapAll(batchSize: batchSize) { total in
                FileHandle.standardError.write(Data("mdme: rewrapped \(total) data keys\n".utf8))
            }
            print(#"{"current_key_id":\#(jsonString(keyring.currentKeyID)),"rewrapped":\#(rewrapped),"keys":\#(json(try rotation.countByMasterKey()))}"#)
        }
    }

    /// How many data keys each master key wraps.
    static func status(configuration: MDMEConfiguration) throws {
        try withRotation(configuration) { rotation, keyring in
            print(#"{"current_key_id":\#(jsonString(keyring.currentKeyID)),"keys":\#(json(try rotation.countByMasterKey()))}"#)
        }
    }

    private static func withRotation(_ configuration: MDMEConfiguration, _ body: (KeyRotation, MasterKeyring) throws -> Void) throws {
        let keyring = try configuration.masterKeyring()
        let connection = PostgresConnection(configuration: configuration.ownerPostgresConfiguration(applicationName: "mdme-keys"))
        try connection.connect()
        defer { connection.close() }
        try body(KeyRotation(database: connection, keyring: keyring), keyring)
    }

    private static func json(_ counts: [String: Int]) -> String {
        "{" + counts.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\($0.value)" }.joined(separator: ",") + "}"
    }

    private static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
