import Crypto
import DataProtection
import Foundation
import MDMECore
import Postgres

/// TOTP secrets (sealed under the account's data key), the last step each account used, and
/// recovery codes (keyed hashes only).
struct MFAStore {
    let database: PostgresConnection
    let services: StorageServices

    struct State {
        let secret: [UInt8]
        let active: Bool
    }

    static let recoveryCodeCount = 10
    private static let recoveryPurpose = "mfa-recovery-code"

    func state(of accountID: UUID, keys: KeyStore) throws -> State? {
        guard let row = try database.query(
            "select secret_enc, activated_at is not null as active from account_mfa where account_id = $1", [accountID]
        ).first else { return nil }
        let text = try keys.cipher(for: accountID).open(row, "secret_enc", table: "account_mfa", id: accountID)
        guard let secret = Base32.decode(text) else { throw APIError(.internalError, "A stored MFA secret is unreadable.") }
        return State(secret: secret, active: try row.decode("active"))
    }

    /// Stores a new pending secret, replacing an earlier pending one. False when MFA is already active.
    func enroll(_ accountID: UUID, tenantID: UUID, secret: [UInt8], keys: KeyStore) throws -> Bool {
        let sealed = try keys.cipher(for: accountID).seal(Base32.encode(secret), "account_mfa", "secret", accountID)
        return try !database.query(
            """
            insert into account_mfa (account_id, tenant_id, secret_enc) values ($1, $2, $3)
            on conflict (account_id) do update set secret_enc = excluded.secret_enc, created_at = now(), last_used_step = null
                where account_mfa.activated_at is null
            returning account_id
            """,
            [accountID, tenantID, sealed]
        ).isEmpty
    }

    /// Marks `step` used if it is later than every step used before: one atomic update, so two
    /// concurrent logins with the same code cannot both pass.
    func consume(step: Int64, of accountID: UUID) throws -> Bool {
        try !database.query(
            """
            update account_mfa set last_used_step = $2
            where account_id = $1 and (last_used_step is null or last_used_step < $2)
            returning account_id
            """,
            [accountID, step]
        ).isEmpty
    }

    /// Activates the pending secret with its first used step and returns fresh recovery codes.
    func activate(_ accountID: UUID, tenantID: UUID, step: Int64) throws -> [String] {
        try database.query("update account_mfa set activated_at = now(), last_used_step = $2 where account_id = $1", [accountID, step])
        try database.query("delete from mfa_recovery_codes where account_id = $1", [accountID])
        var codes: [String] = []
        for _ in 0..<Self.recoveryCodeCount {
            // 10 base32 characters: 50 bits, shown as two groups of five.
            let raw = String(Base32.encode(SecureRandom.bytes(7)).prefix(10)).lowercased()
            let code = "\(raw.prefix(5))-\(raw.suffix(5))"
            try database.query(
                "insert into mfa_recovery_codes (id, account_id, tenant_id, code_hash) values ($1, $2, $3, $4)",
                [UUID.random(), accountID, tenantID, hash(code)]
            )
            codes.append(code)
        }
        return codes
    }

    /// Uses up a recovery code. Every unused code is compared in constant time; the winner is
    /// marked used in the same statement that checks it is still unused.
    func consumeRecoveryCode(_ candidate: String, of accountID: UUID) throws -> Bool {
        let given = Array(hash(candidate).utf8)
        var match: UUID?
        for row in try database.query("select id, code_hash from mfa_recovery_codes where account_id = $1 and used_at is null", [accountID]) {
            let stored: String = try row.decode("code_hash")
            if Digest.constantTimeEquals(Array(stored.utf8), given), match == nil { match = try row.decode("id") }
        }
        guard let match else { return false }
        return try !database.query(
            "update mfa_recovery_codes set used_at = now() where id = $1 and used_at is null returning id", [match]
        ).isEmpty
    }

    func remove(_ accountID: UUID) throws {
        try database.query("delete from mfa_recovery_codes where account_id = $1", [accountID])
        try database.query("delete from account_mfa where account_id = $1", [accountID])
    }

    /// Codes are typed by people: case, spaces and dashes do not matter.
    private func hash(_ code: String) -> String {
        let normalized = code.lowercased().filter { $0.isLetter || $0.isNumber }
        return services.blindIndex.index(normalized, purpose: Self.recoveryPurpose)
    }
}
