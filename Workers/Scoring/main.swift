import Messaging

// mdme-scoring: scores questionnaires when their answers arrive (`questionnaire.submitted`).
WorkerMain.run(worker: "scoring", eventBindings: [ScoringHandler.submitted]) { configuration, logger in
    try ScoringHandler(configuration: configuration, logger: logger)
}
