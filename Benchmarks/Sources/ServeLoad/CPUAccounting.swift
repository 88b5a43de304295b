import Foundation

/// CPU time from `/proc` (Linux): per process, and the machine's busy, idle and I/O-wait time,
/// so a load run can say which resource ran out.
enum CPUAccounting {
    /// Clock ticks per second of `/proc`'s figures.
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User + system CPU seconds of `pid` (0 when it is gone).
    static func processSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command's closing parenthesis, starting at field 3 (state); utime and
        // stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / ticksPerSecond
    }

    /// The ids of running processes whose command is `name` (PostgreSQL's backends, say).
    static func processes(named name: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let command = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                command.trimmingCharacters(in: .whitespacesAndNewlines) == name
            else { return nil }
            return pid
        }
    }

    /// The machine's CPU time so far, from the first line of `/proc/stat`.
    struct Machine {
        var busy: Double
        var idle: Double
        var ioWait: Double
        /// Time the hypervisor gave to other guests while this one wanted to run.
        var steal: Double

        static func now() -> Machine {
            let text = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
            let first = text.split(separator: "\n").first ?? ""
            // cpu user nice system idle iowait irq softirq steal ...
            let values = first.split(separator: " ").dropFirst().compactMap { Double($0) }
            guard values.count >= 8 else { return Machine(busy: 0, idle: 0, ioWait: 0, steal: 0) }
            let busy = values[0] + values[1] + values[2] + values[5] + values[6]
            return Machine(
                busy: busy / ticksPerSecond, idle: values[3] / ticksPerSecond, ioWait: values[4] / ticksPerSecond,
                steal: values[7] / ticksPerSecond)
        }

        static func - (later: Machine, earlier: Machine) -> Machine {
            Machine(
                busy: later.busy - earlier.busy, idle: later.idle - earlier.idle, ioWait: later.ioWait - earlier.ioWait,
                steal: later.steal - earlier.steal)
        }
    }
}
