@testable import Directory
import Testing

@Suite("Directory settings and LDAP escaping")
struct DirectorySettingsTests {
    static func settings(url: String = "ldaps://dc.example.org", template: String? = "uid={username},ou=people,dc=example,dc=org",
                         base: String? = nil, filter: String? = nil) -> DirectorySettings {
        DirectorySettings(url: url, bindDNTemplate: template, searchBase: base, searchFilter: filter,
                          therapistGroupDN: "cn=t,dc=example,dc=org", adminGroupDN: "cn=a,dc=example,dc=org")
    }

    @Test func acceptsEitherTemplateOrSearch() {
        #expect(Self.settings().problem() == nil)
        #expect(Self.settings(url: "ldap://dc.example.org:389").problem() == nil)
        #expect(Self.settings(template: nil, base: "dc=example,dc=org", filter: "(sAMAccountName={username})").problem() == nil)
    }

    @Test func refusesWhatCannotWork() {
        #expect(Self.settings(url: "http://dc.example.org").problem() != nil)
        #expect(Self.settings(template: nil).problem() != nil)
        #expect(Self.settings(base: "dc=example,dc=org", filter: "(uid={username})").problem() != nil)
        #expect(Self.settings(template: "uid=fixed,dc=example,dc=org").problem() != nil)
        #expect(Self.settings(template: nil, base: "dc=example,dc=org", filter: "(objectClass=person)").problem() != nil)
    }

    /// RFC 4515 section 3 and RFC 4514 section 2.4.
    @Test func escapesFilterAndDNValues() {
        #expect(LDAPEscaping.filterValue("a*b(c)d\\e") == "a\\2ab\\28c\\29d\\5ce")
        #expect(LDAPEscaping.filterValue("*)(uid=*))(|(uid=*") == "\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a")
        #expect(LDAPEscaping.filterValue("søren") == "søren")
        #expect(LDAPEscaping.dnValue("a,b+c\"d\\e<f>g;h=i") == "a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h\\=i")
        #expect(LDAPEscaping.dnValue(" #lead trail ") == "\\ #lead trail\\ ")
        #expect(LDAPEscaping.dnValue("#x") == "\\#x")
    }
}
