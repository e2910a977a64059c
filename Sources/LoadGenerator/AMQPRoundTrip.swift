import AMQP
import Foundation
import Synchronization

/// The broker's own speed with no MDME code: each thread publishes a message of a
/// registration's size with a publisher confirm to a quorum queue, consumes it and acks it.
struct AMQPRoundTrip {
    let url: String
    let concurrency: Int
    let seconds: Double

    func run() throws -> Double {
        let total = Mutex(0)
        let failure = Mutex<(any Error)?>(nil)
        let end = ContinuousClock.now + .seconds(seconds)
        let finished = DispatchGroup()
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 400)
        for index in 0..<concurrency {
            finished.enter()
            let url = url
            Thread.detachNewThread {
                defer { finished.leave() }
                do {
                    let connection = try AMQPConnection(configuration: AMQPConfiguration(url: url))
                    defer { connection.close() }
                    let queue = "mdme.bench.round-trip.\(index)"
                    try connection.declareQueue(queue, arguments: ["x-queue-type": .string("quorum")])
                    defer { try? connection.deleteQueue(queue) }
                    try connection.consume(queue: queue)
                    var count = 0
                    while ContinuousClock.now < end {
                        try connection.publishConfirmed(exchange: "", routingKey: queue, body: body, properties: AMQPProperties(persistent: true))
                        while true {
                            if case .delivery(let message) = try connection.nextEvent(timeout: .seconds(5)) {
                                try connection.ack(deliveryTag: message.deliveryTag)
                                break
                            }
                        }
                        count += 1
                    }
                    total.withLock { $0 += count }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return Double(total.withLock { $0 }) / seconds
    }
}
