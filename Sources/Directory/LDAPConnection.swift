internal import CLDAP
import Foundation

/// One LDAP connection, always over TLS: LDAPS, or StartTLS on `ldap://` before anything is
/// sent. Owns its handle and unbinds in `deinit`; used by one thread for one login.
final class LDAPConnection {
    private let handle: OpaquePointer
    private let timeoutSeconds: Int

    init(settings: DirectorySettings) throws {
        var pointer: OpaquePointer?
        let status = ldap_initialize(&pointer, settings.url)
        guard status == LDAP_SUCCESS, let pointer else {
            throw DirectoryError(.misconfigured, "the directory URL is not usable", resultCode: status)
        }
        handle = pointer
        timeoutSeconds = settings.timeoutSeconds
        _ = mdme_ldap_set_int(handle, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3)
        _ = mdme_ldap_set_referrals_off(handle)
        _ = mdme_ldap_set_timeout(handle, LDAP_OPT_NETWORK_TIMEOUT, settings.timeoutSeconds)
        _ = mdme_ldap_set_timeout(handle, LDAP_OPT_TIMEOUT, settings.timeoutSeconds)
        // Certificate and host name must check out; TLS 1.2 at least. These options take
        // effect on this handle only once a new TLS context is made from them.
        if let caFile = settings.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw DirectoryError(.misconfigured, "the directory's CA file cannot be read")
            }
            _ = mdme_ldap_set_string(handle, LDAP_OPT_X_TLS_CACERTFILE, caFile)
        }
        _ = mdme_ldap_set_int(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, LDAP_OPT_X_TLS_DEMAND)
        _ = mdme_ldap_set_int(handle, LDAP_OPT_X_TLS_PROTOCOL_MIN, mdme_ldap_tls_protocol_min())
        let context = mdme_ldap_set_int(handle, LDAP_OPT_X_TLS_NEWCTX, 0)
        guard context == LDAP_OPT_SUCCESS else {
            throw DirectoryError(.tlsFailed, "no TLS context for the directory", resultCode: context)
        }
        if settings.url.lowercased().hasPrefix("ldap://") {
            let started = ldap_start_tls_s(handle, nil, nil)
            guard started == LDAP_SUCCESS else {
                let reason = String(cString: ldap_err2string(started))
                throw DirectoryError(.tlsFailed, "StartTLS failed, nothing was sent: \(reason)", resultCode: started)
            }
        }
    }

    deinit {
        ldap_unbind_ext_s(handle, nil, nil)
    }

    /// A simple bind. True when the directory accepted the credentials, false when it said
    /// they are wrong; other failures throw. An empty password is never sent: LDAP would
    /// treat it as an anonymous bind and "succeed".
    func bind(dn: String, password: String) throws -> Bool {
        guard !password.isEmpty else { return false }
        let bytes = Array(password.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mdme_ldap_simple_bind(handle, dn, $0.baseAddress, buffer.count) }
        }
        switch status {
        case LDAP_SUCCESS: return true
        case LDAP_INVALID_CREDENTIALS, LDAP_INVALID_DN_SYNTAX, LDAP_NO_SUCH_OBJECT, LDAP_INAPPROPRIATE_AUTH: return false
        default: throw Self.error(status, "bind failed")
        }
    }

    struct Entry {
        let dn: String
        let attributes: [String: [String]]
    }

    /// Entries matching `filter` at `base` (scope base) or below it (subtree); `attributes`
    /// empty asks for none (`1.1`). An absent base is an empty answer, not an error.
    func search(base: String, subtree: Bool, filter: String, attributes: [String]) throws -> [Entry] {
        let requested = attributes.isEmpty ? ["1.1"] : attributes
        var cStrings: [UnsafeMutablePointer<CChar>?] = requested.map { strdup($0) } + [nil]
        defer { for pointer in cStrings { free(pointer) } }
        var result: OpaquePointer?
        let status = cStrings.withUnsafeMutableBufferPointer { buffer in
            mdme_ldap_search(handle, base, subtree ? 1 : 0, filter, buffer.baseAddress, timeoutSeconds, &result)
        }
        defer { if let result { ldap_msgfree(result) } }
        if status == LDAP_NO_SUCH_OBJECT { return [] }
        guard status == LDAP_SUCCESS || status == LDAP_SIZELIMIT_EXCEEDED else {
            throw Self.error(status, "search failed")
        }
        var entries: [Entry] = []
        var entry = ldap_first_entry(handle, result)
        while let current = entry {
            var dn = ""
            if let pointer = ldap_get_dn(handle, current) {
                dn = String(cString: pointer)
                ldap_memfree(pointer)
            }
            var values: [String: [String]] = [:]
            for name in attributes {
                guard let list = ldap_get_values_len(handle, current, name) else { continue }
                var index = 0
                while let value = list[index] {
                    let bytes = UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                    values[name, default: []].append(String(decoding: bytes, as: UTF8.self))
                    index += 1
                }
                ldap_value_free_len(list)
            }
            entries.append(Entry(dn: dn, attributes: values))
            entry = ldap_next_entry(handle, current)
        }
        return entries
    }

    private static func error(_ status: Int32, _ what: String) -> DirectoryError {
        let text = String(cString: ldap_err2string(status))
        switch status {
        case LDAP_SERVER_DOWN, LDAP_TIMEOUT, LDAP_CONNECT_ERROR:
            return DirectoryError(.unreachable, "\(what): \(text)", resultCode: status)
        default:
            return DirectoryError(.operationFailed, "\(what): \(text)", resultCode: status)
        }
    }
}
