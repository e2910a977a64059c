import Foundation
import MDMERuntime

// mdme: the operator's tool. Each command prints JSON on stdout and diagnostics on stderr.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let configuration = try MDMEConfiguration.load()
    switch arguments.first {
    case "migrate":
        try MigrateCommand.run(configuration: configuration)
    case "tenant" where arguments.dropFirst().first == "create":
        try TenantCreateCommand.run(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "directory" where arguments.dropFirst().first == "set":
        try DirectoryCommand.set(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "directory" where arguments.dropFirst().first == "remove":
        try DirectoryCommand.remove(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "audit" where arguments.dropFirst().first == "verify":
        let options = try CommandArguments(Array(arguments.dropFirst(2)))
        exit(try AuditCommand.verify(tenant: options.optional("tenant"), configuration: configuration) ? 0 : 1)
    case "retention" where arguments.dropFirst().first == "sweep":
        try RetentionCommand.sweep(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "retention" where arguments.dropFirst().first == "status":
        try RetentionCommand.status(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "dlq":
        try DeadLetterCommand.run(Array(arguments.dropFirst()), configuration: configuration)
    case "keys" where arguments.dropFirst().first == "generate":
        try KeysCommand.generate(arguments: CommandArguments(Array(arguments.dropFirst(2))))
    case "keys" where arguments.dropFirst().first == "rotate":
        try KeysCommand.rotate(arguments: CommandArguments(Array(arguments.dropFirst(2))), configuration: configuration)
    case "keys" where arguments.dropFirst().first == "status":
        try KeysCommand.status(configuration: configuration)
    case "topology" where arguments.dropFirst().first == "definitions":
        try TopologyCommand.printDefinitions(configuration: configuration)
    default:
        FileHandle.standardError.write(Data(CLIUsage.text.utf8))
        exit(arguments.isEmpty || arguments.first == "help" || arguments.first == "--help" ? 0 : 64)
    }
} catch {
    FileHandle.standardError.write(Data("mdme: \(error)\n".utf8))
    exit(1)
}
