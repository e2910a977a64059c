import Foundation
import MDMECore
import Testing

@Suite("Tenant SMTP relay settings")
struct SMTPRelaySettingsTests {
    func decode(_ json: String) throws -> UpdateTenantRequest {
        try MDMEJSON.decoder().decode(UpdateTenantRequest.self, from: Data(json.utf8))
    }

    @Test func aRelayAloneIsAChange() throws {
        let request = try decode(#"{"smtp": {"host": "relay.kommune.dk", "port": 587, "tls": "starttls_required", "username": "mdme", "password": "pw 1"}}"#)
        #expect(request.validate() == nil)
        #expect(request.smtp?.tls == .starttlsRequired)
        #expect(request.smtp?.password == .some("pw 1"))
    }

    @Test func thePasswordIsKeptRemovedOrSet() throws {
        #expect(try decode(#"{"smtp": {"host": "h.dk", "port": 25, "tls": "starttls"}}"#).smtp?.password == nil)
        let removed = try decode(#"{"smtp": {"host": "h.dk", "port": 25, "tls": "starttls", "password": null}}"#).smtp?.password
        #expect(removed == .some(nil))
        // And it survives the gateway's re-encoding as it was.
        let request = try decode(#"{"smtp": {"host": "h.dk", "port": 25, "tls": "tls", "password": null}}"#)
        let again = try MDMEJSON.decoder().decode(UpdateTenantRequest.self, from: Data(try MDMEJSON.encode(request)))
        #expect(again.smtp?.password == .some(nil))
    }

    @Test func badSettingsNameTheirField() throws {
        let error = try #require(try decode(#"{"smtp": {"host": "a b", "port": 0, "tls": "tls", "username": "", "password": "x\ny"}}"#).validate())
        #expect(Set(error.fields) == ["smtp.host", "smtp.port", "smtp.username", "smtp.password"])
        #expect(try decode(#"{"smtp": {"host": "[::1]", "port": 25, "tls": "tls"}}"#).validate() != nil)
        #expect(try decode(#"{"smtp": {"host": "2001:db8::25", "port": 25, "tls": "tls"}}"#).validate() == nil)
        #expect(throws: DecodingError.self) { try decode(#"{"smtp": {"host": "h.dk", "port": 25, "tls": "sslv3"}}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"smtp": {"host": "h.dk", "tls": "tls"}}"#) }
    }
}
