import Foundation

/// The GPUs of this machine, as `nvidia-smi` reports them.
public struct GPUDevice: Sendable, Hashable {
    public var name: String
    public var memoryGiB: Double
    /// Utilization in percent.
    public var utilization: Double
}

/// Finds the machine's NVIDIA GPUs; a machine without `nvidia-smi` has none and trains on CPU.
public enum GPUProbe {
    /// The GPUs `nvidia-smi` lists, or an empty list when it is missing or fails.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) async -> [GPUDevice] {
        let paths = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/nvidia-smi" }
        guard let executable = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return [] }
        let arguments = [executable, "--query-gpu=name,memory.total,utilization.gpu", "--format=csv,noheader,nounits"]
        guard let child = try? ChildProcess(arguments: arguments, environment: environment, logFile: nil) else { return [] }
        var output: [String] = []
        for await line in child.lines { output.append(line) }
        guard await child.waitForExit() == (0, false) else { return [] }
        return parse(output)
    }

    /// Parses `nvidia-smi --query-gpu=name,memory.total,utilization.gpu --format=csv,noheader,nounits` lines.
    public static func parse(_ lines: [String]) -> [GPUDevice] {
        lines.compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, !fields[0].isEmpty, let memoryMiB = Double(fields[1]) else { return nil }
            return GPUDevice(name: fields[0], memoryGiB: memoryMiB / 1024, utilization: Double(fields[2]) ?? 0)
        }
    }
}
