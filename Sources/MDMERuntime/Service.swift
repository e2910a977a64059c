/// A long-running part of a process (an HTTP server, a consumer loop, a relay).
///
/// `run()` blocks its own thread until the service has stopped; `stop()` may be called from
/// any thread and asks it to finish its in-flight work and return.
public protocol Service: AnyObject, Sendable {
    var name: String { get }
    func run() throws
    func stop()
}
