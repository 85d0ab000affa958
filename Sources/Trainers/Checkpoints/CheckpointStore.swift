import Foundation

/// The checkpoint folder of a run: `epoch-NNNNNN.ckpt` files written atomically, the newest
/// ``retained`` kept.
public struct CheckpointStore: Sendable {
    static let fileExtension = "ckpt"

    /// The folder holding the checkpoints.
    public let directory: URL
    /// How many of the newest checkpoints survive each save (older ones are a fallback should the
    /// newest be damaged).
    public let retained: Int

    /// A store in `directory` keeping the `retained` newest checkpoints.
    public init(directory: URL, retained: Int = 3) {
        self.directory = directory
        self.retained = max(1, retained)
    }

    /// The file name of the checkpoint taken after `epoch` epochs.
    public static func fileName(epoch: Int) -> String {
        let digits = String(epoch)
        return "epoch-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "." + fileExtension
    }

    /// Checkpoint files with the epoch in their name, newest first.
    public func files() -> [(epoch: Int, url: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name -> (Int, URL)? in
            guard name.hasPrefix("epoch-"), name.hasSuffix("." + Self.fileExtension),
                  let epoch = Int(name.dropFirst(6).dropLast(Self.fileExtension.count + 1))
            else { return nil }
            return (epoch, directory.appendingPathComponent(name))
        }
        .sorted { $0.0 > $1.0 }
    }

    /// Writes `checkpoint` atomically, then removes all but the ``retained`` newest files.
    @discardableResult
    public func save(_ checkpoint: Checkpoint) throws(FileWriteError) -> URL {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: directory.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let url = directory.appendingPathComponent(Self.fileName(epoch: checkpoint.epoch))
        try AtomicFile.write(checkpoint.encoded(), to: url)
        for stale in files().dropFirst(retained) {
            try? FileManager.default.removeItem(at: stale.url)
        }
        return url
    }

    /// Reads and verifies one checkpoint file.
    public func load(_ url: URL) throws(CheckpointError) -> Checkpoint {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try Checkpoint.decode([UInt8](bytes), path: url.path)
    }

    /// The newest checkpoint that passes every check, with the problems of newer ones skipped on
    /// the way; `nil` when there are no checkpoint files. Throws
    /// ``CheckpointError/noValidCheckpoint(directory:problems:)`` when files exist but none is usable.
    public func newestValid(
        accepting isUsable: (Checkpoint, URL) throws(CheckpointError) -> Void = { _, _ in }
    ) throws(CheckpointError) -> (checkpoint: Checkpoint, url: URL, skipped: [CheckpointError])? {
        let candidates = files()
        guard !candidates.isEmpty else { return nil }
        var problems: [CheckpointError] = []
        for candidate in candidates {
            do throws(CheckpointError) {
                let checkpoint = try load(candidate.url)
                guard checkpoint.epoch == candidate.epoch else {
                    throw CheckpointError.corrupt(
                        path: candidate.url.path, reason: "holds epoch \(checkpoint.epoch), not \(candidate.epoch)"
                    )
                }
                try isUsable(checkpoint, candidate.url)
                return (checkpoint, candidate.url, problems)
            } catch {
                problems.append(error)
            }
        }
        throw CheckpointError.noValidCheckpoint(directory: directory.path, problems: problems)
    }

    /// Deletes every checkpoint file (a fresh run must not resume from an older run's state).
    public func removeAll() throws(FileWriteError) {
        for file in files() {
            do {
                try FileManager.default.removeItem(at: file.url)
            } catch {
                throw FileWriteError(path: file.url.path, reason: "cannot remove: \(error.localizedDescription)")
            }
        }
    }
}
