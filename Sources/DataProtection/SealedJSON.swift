import Crypto
import Foundation
import MDMECore
import Postgres

/// Lists and other structured free text are sealed as one JSON text (the project's JSON
/// conventions), so a column holds one ciphertext however many entries it has.
public enum SealedJSON {
    public static func seal(_ value: some Encodable, with cipher: FieldCipher, _ table: String, _ column: String, _ id: UUID) throws -> [UInt8] {
        cipher.seal(String(decoding: try MDMEJSON.encode(value), as: UTF8.self), table, column, id)
    }

    /// `column` is the `…_enc` column, as for `FieldCipher.open`.
    public static func open<T: Decodable>(_ type: T.Type, _ row: PostgresRow, _ column: String, with cipher: FieldCipher,
                                   table: String, id: UUID) throws -> T {
        try MDMEJSON.decode(T.self, from: Data(try cipher.open(row, column, table: table, id: id).utf8))
    }
}
