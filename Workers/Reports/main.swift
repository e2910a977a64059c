import Messaging

// mdme-reports: renders PDF reports when asked (`report.requested`) and when a questionnaire
// was scored (`questionnaire.scored`).
WorkerMain.run(worker: "reports", eventBindings: [ReportsHandler.requested, ReportsHandler.scored]) { configuration, logger in
    try ReportsHandler(configuration: configuration, logger: logger)
}
