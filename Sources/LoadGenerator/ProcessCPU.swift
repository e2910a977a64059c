import Foundation

/// CPU time (user + system) of named groups of processes, read from `/proc/<pid>/stat`, so a
/// load phase can say how many milliseconds of each process's CPU one request cost. On a
/// machine where everything shares two cores that, not latency, is what bounds throughput.
struct ProcessCPU {
    /// `gateway=123,storage=456,postgres=7+8+9`: a name and the pids whose time adds up to it.
    let groups: [(name: String, pids: [Int32])]

    init(_ specification: String) {
        groups = specification.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1].split(separator: "+").compactMap { Int32($0) })
        }
    }

    /// Seconds of CPU per group so far.
    func sample() -> [String: Double] {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var seconds: [String: Double] = [:]
        for group in groups {
            seconds[group.name] = group.pids.reduce(0) { total, pid in total + Double(Self.ticks(of: pid)) } / ticksPerSecond
        }
        return seconds
    }

    /// utime + stime (fields 14 and 15); the fields are counted after the `)` that ends the
    /// command name, which may itself hold spaces.
    private static func ticks(of pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    /// Milliseconds of CPU per request between two samples, rounded to hundredths.
    static func perRequest(from start: [String: Double], to end: [String: Double], requests: Int) -> [String: Double] {
        guard requests > 0 else { return [:] }
        return end.reduce(into: [:]) { result, entry in
            result[entry.key] = ((entry.value - (start[entry.key] ?? 0)) * 1000 / Double(requests) * 100).rounded() / 100
        }
    }
}
