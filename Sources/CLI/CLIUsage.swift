enum CLIUsage {
    static let text = """
        usage: mdme <command>

          migrate                         apply pending database migrations
          tenant create --name N --mail-mode none|smtp|provider --admin-name N --admin-email E
                                          create a tenant and its first admin; prints
                                          {"tenant_id", "admin_id", "invitation_token"}
                        [--time-zone Europe/Copenhagen]
          directory set --tenant ID --email-domain D --url ldaps://…|ldap://… (StartTLS)
                        --therapist-group DN --admin-group DN [--ca-file PEM]
                        (--bind-dn-template 'uid={username},ou=people,…' |
                         --search-base DN --search-filter '(mail={email})'
                         [--service-bind-dn DN --service-password-file F])
                                          logins with addresses in D are checked by the tenant's LDAP directory
          directory remove --tenant ID    stop directory logins for the tenant
          audit verify [--tenant ID]      check the audit log's hash chains (all, or one tenant's); names the first broken row
          retention sweep [--as-of 2027-04-05T00:00:00Z]
                                          one retention sweep as if it were that time (default now);
                                          prints {"warned_first", "warned_second", "deleted"}
          retention status [--as-of T]    what is due now, and the next step within 35 days
          dlq list [--worker W] [--limit 100]
                                          dead letters per worker: id, type, reason, attempts (never payloads)
          dlq show --id ID [--worker W]   one dead letter's details
          dlq replay --id ID | --all [--worker W]
                                          put dead letters back on their worker's queue as a first attempt
          dlq purge --id ID | --all [--worker W]
                                          delete dead letters for good
          keys generate --out FILE        write a new random master or session key (base64, mode 0600)
          keys rotate [--batch-size 500]  rewrap every data key under security.master_key_id (the
                                          previous key in security.previous_master_key_*); prints
                                          {"current_key_id", "rewrapped", "keys": {key id: count}}
          keys status                     how many data keys each master key wraps
          topology definitions            print RabbitMQ definitions (config/rabbitmq/definitions.json)

        Configuration: config/mdme.json (or MDME_CONFIG) and MDME_* variables, as the servers use.

        """
}

/// `--name value` pairs and `--switch` flags.
struct CommandArguments {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard flag.hasPrefix("--") else { throw CLIError("expected --flag [value], got \(flag)") }
            // A flag without a value (`--all`) is a switch.
            if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                values[String(flag.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                values[String(flag.dropFirst(2))] = "true"
                index += 1
            }
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else { throw CLIError("--\(name) is required") }
        return value
    }

    func optional(_ name: String) -> String? { values[name] }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
