import AMQP
import Testing

@Suite("AMQPConfiguration")
struct AMQPConfigurationTests {
    @Test("a full URL sets every field and decodes the vhost")
    func fullURL() throws {
        let configuration = try AMQPConfiguration(url: "amqp://us%40er:p%3Ass@broker.local:5673/mdme%2Fprod")
        #expect(configuration.host == "broker.local")
        #expect(configuration.port == 5673)
        #expect(configuration.user == "us@er")
        #expect(configuration.password == "p:ss")
        #expect(configuration.virtualHost == "mdme/prod")
    }

    @Test("%2F is the default vhost, an empty or missing path means /", arguments: [
        "amqp://mdme:mdme@127.0.0.1:56739/%2F",
        "amqp://mdme:mdme@127.0.0.1:56739/",
        "amqp://mdme:mdme@127.0.0.1:56739",
    ])
    func defaultVirtualHost(url: String) throws {
        let configuration = try AMQPConfiguration(url: url)
        #expect(configuration.virtualHost == "/")
        #expect(configuration.port == 56739)
        #expect(configuration.user == "mdme")
    }

    @Test("missing parts keep their defaults")
    func defaults() throws {
        let configuration = try AMQPConfiguration(url: "amqp://rabbit")
        #expect(configuration.host == "rabbit")
        #expect(configuration.port == 5672)
        #expect(configuration.user == "guest")
        #expect(configuration.password == "guest")
        #expect(configuration.heartbeatSeconds == 30)
    }

    @Test("amqps selects TLS and port 5671 unless the URL names another")
    func tls() throws {
        let configuration = try AMQPConfiguration(url: "amqps://mdme:mdme@broker.local/")
        #expect(configuration.tls != nil && configuration.tls?.caFile == nil)
        #expect(configuration.port == 5671)
        #expect(try AMQPConfiguration(url: "amqps://broker.local:5999").port == 5999)
        #expect(try AMQPConfiguration(url: "amqp://broker.local").tls == nil)
    }

    @Test("other schemes and URLs without a host are rejected", arguments: ["http://host/", "amqpx://host/", "amqps:///vhost", "amqp:///vhost", "not a url"])
    func rejected(url: String) {
        let error = #expect(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
        #expect(error?.code == .invalidConfiguration)
    }
}
