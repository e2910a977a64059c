// swift-tools-version:6.0
import PackageDescription

/// One set of compiler settings for every Swift target: Swift 6 mode (strict concurrency) plus
/// the upcoming features we want to hold ourselves to already.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "MDME",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mdme-gateway", targets: ["Gateway"]),
        .executable(name: "mdme-storage", targets: ["StorageWorker"]),
        .executable(name: "mdme-scoring", targets: ["ScoringWorker"]),
        .executable(name: "mdme-retention", targets: ["RetentionWorker"]),
        .executable(name: "mdme-mailer", targets: ["MailerWorker"]),
        .executable(name: "mdme-reports", targets: ["ReportsWorker"]),
        .executable(name: "mdme", targets: ["CLI"]),
        .executable(name: "mdme-load", targets: ["LoadGenerator"]),
    ],
    targets: [
        // C libraries from Debian's -dev packages (scripts/lib/servers.sh installs them).
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLDAP", pkgConfig: "ldap", providers: [.apt(["libldap2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),

        // The domain: pure Swift, no I/O.
        .target(name: "MDMECore", swiftSettings: swiftSettings),
        // Logger, configuration, services and signals.
        .target(name: "MDMERuntime", swiftSettings: swiftSettings),
        // One wrapper module per C library; each is the only importer of its C module.
        .target(name: "Postgres", dependencies: ["CPostgres", "MDMECore"], swiftSettings: swiftSettings),
        .target(name: "AMQP", dependencies: ["CRabbitMQ"], swiftSettings: swiftSettings),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"], swiftSettings: swiftSettings),
        .target(name: "Crypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        // SMTP and the mail provider's HTTPS API through libcurl.
        .target(name: "MailTransport", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        // Mail templates, MIME, the provider's wire format and webhook signature: no I/O.
        .target(name: "Mail", dependencies: ["Crypto", "MDMECore"], swiftSettings: swiftSettings),
        // LDAP logins against a tenant's directory (OpenLDAP's libldap, always over TLS).
        .target(name: "Directory", dependencies: ["CLDAP"], swiftSettings: swiftSettings),
        // PDF documents drawn with cairo and laid out with pango.
        .target(name: "PDFRendering", dependencies: ["CPangoCairo"], swiftSettings: swiftSettings),
        // Per-account data keys and sealing of columns, shared by every process that reads client data.
        .target(name: "DataProtection", dependencies: ["Crypto", "Postgres", "MDMECore"], swiftSettings: swiftSettings),
        // The stores of a client's records (registrations, COPM, questionnaires, goals, colour
        // scale, reports), shared by mdme-storage and mdme-reports.
        .target(name: "ClientRecords", dependencies: ["DataProtection", "Crypto", "Postgres", "MDMECore"], swiftSettings: swiftSettings),
        // The content of the PDF reports: from a client's records to pages; no I/O.
        .target(name: "Reports", dependencies: ["PDFRendering", "MDMECore"], swiftSettings: swiftSettings),
        // Envelope, topology, confirming publisher, consumer loops, inbox and outbox.
        .target(name: "Messaging", dependencies: ["AMQP", "Postgres", "MDMERuntime", "MDMECore", "Crypto", "HTTPServer"], swiftSettings: swiftSettings),
        // The retention sweep, shared by mdme-retention and `mdme retention`.
        .target(
            name: "Retention",
            dependencies: ["Postgres", "Crypto", "MDMECore", "MDMERuntime", "Messaging", "DataProtection"],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "Gateway",
            dependencies: ["HTTPServer", "Messaging", "Crypto", "MDMECore", "MDMERuntime", "Mail"],
            // The web front ends, served as they are (see WebFrontEnd).
            resources: [.copy("Web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StorageWorker",
            dependencies: ["Messaging", "Postgres", "Crypto", "MDMECore", "MDMERuntime", "DataProtection", "Directory", "ClientRecords"],
            path: "Workers/Storage",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ScoringWorker",
            dependencies: ["Messaging", "Postgres", "Crypto", "MDMECore", "MDMERuntime", "DataProtection"],
            path: "Workers/Scoring",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "RetentionWorker",
            dependencies: ["Retention", "Messaging", "MDMERuntime"],
            path: "Workers/Retention",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MailerWorker",
            dependencies: ["Mail", "MailTransport", "Messaging", "Postgres", "Crypto", "MDMECore", "MDMERuntime", "DataProtection"],
            path: "Workers/Mailer",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ReportsWorker",
            dependencies: ["Reports", "ClientRecords", "Messaging", "Postgres", "Crypto", "MDMECore", "MDMERuntime", "DataProtection"],
            path: "Workers/Reports",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CLI",
            dependencies: ["Postgres", "Crypto", "MDMECore", "MDMERuntime", "Messaging", "AMQP", "DataProtection", "Retention", "Mail", "Directory"],
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),
        // The load generator of scripts/bench: plain sockets, so it costs the machine little.
        .executableTarget(name: "LoadGenerator", dependencies: ["AMQP"], swiftSettings: swiftSettings),

        .testTarget(name: "MDMECoreTests", dependencies: ["MDMECore"], swiftSettings: swiftSettings),
        .testTarget(name: "MDMERuntimeTests", dependencies: ["MDMERuntime"], swiftSettings: swiftSettings),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: swiftSettings),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory"], swiftSettings: swiftSettings),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"], swiftSettings: swiftSettings),
        .testTarget(name: "AMQPTests", dependencies: ["AMQP"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: swiftSettings),
        .testTarget(name: "MailTests", dependencies: ["Mail", "MailTransport", "MDMECore"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "PDFRendering", "MDMECore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging", "AMQP", "Postgres", "MDMERuntime", "MDMECore", "Crypto"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Postgres", "AMQP", "MDMECore", "Crypto"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
