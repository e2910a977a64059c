import Messaging

// mdme-storage: owns accounts, clients and registrations; answers queries; authorizes.
WorkerMain.run(worker: "storage") { configuration, logger in
    try StorageHandler(configuration: configuration, logger: logger)
}
