import Foundation
import Testing

/// A real OpenLDAP server for a test: its own CA and server certificate (openssl), cn=config
/// and an mdb database made with slapadd in a folder under the repository's ignored `.run/`,
/// listening on free loopback ports. `stop()` ends it and removes the folder.
final class SlapdInstance: Sendable {
    static let suffix = "dc=example,dc=org"
    static let adminDN = "cn=admin,dc=example,dc=org"
    static let adminPassword = "slapd admin secret"
    static let therapistGroup = "cn=mdme-therapists,ou=groups,dc=example,dc=org"
    static let adminGroup = "cn=mdme-admins,ou=groups,dc=example,dc=org"
    static let bindTemplate = "uid={username},ou=people,dc=example,dc=org"

    /// Users (uid, password, display name) and which group they start in.
    static let users: [(uid: String, password: String, name: String, group: String?)] = [
        ("alice", "alice directory pw", "Alice Andersen", therapistGroup),
        ("bob", "bob directory pw", "Bob Boss", adminGroup),
        ("carol", "carol directory pw", "Carol Outsider", nil),
    ]

    let directory: URL
    let port: Int
    /// Nil when started without TLS (to show that the client refuses it).
    let tlsPort: Int?
    let caFile: String
    private let process: Subprocess

    var ldapURL: String { "ldap://127.0.0.1:\(port)" }
    var ldapsURL: String? { tlsPort.map { "ldaps://127.0.0.1:\($0)" } }

    /// `subjectAltName` is the server certificate's; the default names the address it listens on.
    static func start(tls: Bool = true, subjectAltName: String = "IP:127.0.0.1,DNS:localhost") async throws -> SlapdInstance {
        let environment = try TestEnvironment.require()
        let directory = environment.repository.appendingPathComponent(".run/slapd-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("config"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        do {
            return try await start(in: directory, tls: tls, subjectAltName: subjectAltName)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private static func start(in directory: URL, tls: Bool, subjectAltName: String) async throws -> SlapdInstance {
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        if tls { try makeCertificates(in: directory, subjectAltName: subjectAltName) }
        try config(directory: directory, tls: tls).write(toFile: path("config.ldif"), atomically: true, encoding: .utf8)
        try data().write(toFile: path("data.ldif"), atomically: true, encoding: .utf8)
        try TestEnvironment.run("/usr/sbin/slapadd", ["-n", "0", "-F", path("config"), "-l", path("config.ldif")])
        try TestEnvironment.run("/usr/sbin/slapadd", ["-F", path("config"), "-b", suffix, "-l", path("data.ldif")])
        let port = TestEnvironment.freePort()
        let tlsPort = tls ? TestEnvironment.freePort() : nil
        let urls = ["ldap://127.0.0.1:\(port)/"] + (tlsPort.map { ["ldaps://127.0.0.1:\($0)/"] } ?? [])
        // -d keeps slapd in the foreground, so the test owns the process.
        let process = try Subprocess.spawn("/usr/sbin/slapd", ["-d", "0", "-F", path("config"), "-h", urls.joined(separator: " ")],
                                           environment: ProcessInfo.processInfo.environment, outputPath: path("slapd.log"))
        let instance = SlapdInstance(directory: directory, port: port, tlsPort: tlsPort, caFile: path("ca.pem"), process: process)
        do {
            try await eventually(timeout: .seconds(60), "slapd on \(port)") {
                (try? instance.ldap("/usr/bin/ldapsearch", ["-x", "-H", instance.ldapURL, "-D", adminDN, "-w", adminPassword,
                                                     "-b", suffix, "-s", "base", "(objectClass=*)"])) != nil
            }
        } catch {
            instance.stop()
            throw error
        }
        return instance
    }

    private init(directory: URL, port: Int, tlsPort: Int?, caFile: String, process: Subprocess) {
        self.directory = directory
        self.port = port
        self.tlsPort = tlsPort
        self.caFile = caFile
        self.process = process
    }

    func stop() {
        // SIGKILL: slapd inherits the test thread's blocked signal mask and would ignore SIGTERM;
        // its database is thrown away anyway.
        process.signal(SIGKILL)
        _ = process.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Removes `uid` from `group` (as the directory's administrator, like an IT department would).
    func removeMember(_ uid: String, from group: String) throws {
        let change = "dn: \(group)\nchangetype: modify\ndelete: member\nmember: uid=\(uid),ou=people,\(Self.suffix)\n"
        let file = directory.appendingPathComponent("change-\(UUID().uuidString).ldif").path
        try change.write(toFile: file, atomically: true, encoding: .utf8)
        try ldap("/usr/bin/ldapmodify", ["-x", "-H", ldapURL, "-D", Self.adminDN, "-w", Self.adminPassword, "-f", file])
    }

    @discardableResult
    private func ldap(_ tool: String, _ arguments: [String]) throws -> String {
        try TestEnvironment.run(tool, arguments)
    }

    private static func makeCertificates(in directory: URL, subjectAltName: String) throws {
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try "subjectAltName=\(subjectAltName)\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        let openssl = "/usr/bin/openssl"
        try TestEnvironment.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"),
                                          "-days", "2", "-subj", "/CN=MDME test CA"])
        try TestEnvironment.run(openssl, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"), "-out", path("server.csr"),
                                          "-subj", "/CN=mdme test directory"])
        try TestEnvironment.run(openssl, ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                                          "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext")])
    }

    private static func config(directory: URL, tls: Bool) -> String {
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let tlsLines = tls ? """
            olcTLSCACertificateFile: \(path("ca.pem"))
            olcTLSCertificateFile: \(path("server.pem"))
            olcTLSCertificateKeyFile: \(path("server.key"))

            """ : ""
        return """
            dn: cn=config
            objectClass: olcGlobal
            cn: config
            olcPidFile: \(path("slapd.pid"))
            \(tlsLines)
            dn: cn=module{0},cn=config
            objectClass: olcModuleList
            cn: module{0}
            olcModulePath: /usr/lib/ldap
            olcModuleLoad: back_mdb

            dn: cn=schema,cn=config
            objectClass: olcSchemaConfig
            cn: schema

            include: file:///etc/ldap/schema/core.ldif
            include: file:///etc/ldap/schema/cosine.ldif
            include: file:///etc/ldap/schema/inetorgperson.ldif

            dn: olcDatabase={-1}frontend,cn=config
            objectClass: olcDatabaseConfig
            objectClass: olcFrontendConfig
            olcDatabase: {-1}frontend

            dn: olcDatabase={0}config,cn=config
            objectClass: olcDatabaseConfig
            olcDatabase: {0}config
            olcAccess: {0}to * by * none

            dn: olcDatabase={1}mdb,cn=config
            objectClass: olcDatabaseConfig
            objectClass: olcMdbConfig
            olcDatabase: {1}mdb
            olcSuffix: \(suffix)
            olcDbDirectory: \(path("data"))
            olcRootDN: \(adminDN)
            olcRootPW: \(adminPassword)
            olcDbMaxSize: 10485760
            olcAccess: {0}to attrs=userPassword by self read by anonymous auth by * none
            olcAccess: {1}to * by users read by * none

            """
    }

    private static func data() -> String {
        var ldif = """
            dn: \(suffix)
            objectClass: dcObject
            objectClass: organization
            dc: example
            o: Example Kommune

            dn: ou=people,\(suffix)
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,\(suffix)
            objectClass: organizationalUnit
            ou: groups


            """
        for user in users {
            let surname = user.name.split(separator: " ").last.map(String.init) ?? user.name
            ldif += """
                dn: uid=\(user.uid),ou=people,\(suffix)
                objectClass: inetOrgPerson
                uid: \(user.uid)
                cn: \(user.name)
                sn: \(surname)
                displayName: \(user.name)
                mail: \(user.uid)@dir.example.org
                userPassword: \(user.password)


                """
        }
        for group in [therapistGroup, adminGroup] {
            let cn = group.split(separator: ",")[0].dropFirst(3)
            ldif += "dn: \(group)\nobjectClass: groupOfNames\ncn: \(cn)\n"
            for user in users where user.group == group { ldif += "member: uid=\(user.uid),ou=people,\(suffix)\n" }
            // groupOfNames needs a member; the administrator stands in for an empty group.
            ldif += "member: \(adminDN)\n\n"
        }
        return ldif
    }
}
