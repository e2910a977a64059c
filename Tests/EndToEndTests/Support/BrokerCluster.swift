import Foundation

/// Three RabbitMQ nodes of a test's own joined into one cluster, as `scripts/run --cluster`
/// makes them: quorum queues declared afterwards are replicated on all three.
final class BrokerCluster: Sendable {
    let nodes: [BrokerInstance]

    init() throws {
        var nodes: [BrokerInstance] = []
        do {
            for _ in 0..<3 { nodes.append(try BrokerInstance()) }
            let environment = try TestEnvironment.require()
            for node in nodes.dropFirst() {
                for arguments in [["stop_app"], ["reset"], ["join_cluster", nodes[0].node], ["start_app"]] {
                    try environment.rabbitmqctl(arguments, node: node.node)
                }
            }
        } catch {
            nodes.forEach { $0.shutdown() }
            throw error
        }
        self.nodes = nodes
    }

    /// Every node's URL, as `amqp.url` lists a cluster.
    var url: String { nodes.map(\.url).joined(separator: ",") }

    func shutdown() {
        // The first node goes last: a restarted cluster waits for the node that stopped last.
        nodes.reversed().forEach { $0.shutdown() }
    }
}
