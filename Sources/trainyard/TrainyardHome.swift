import Foundation

/// The one folder that holds all of Trainyard's state: `$TRAINYARD_HOME`, default `~/.trainyard`.
struct TrainyardHome {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["TRAINYARD_HOME"], !home.isEmpty {
            path = home
        } else {
            path = (NSHomeDirectory() as NSString).appendingPathComponent(".trainyard")
        }
    }

    /// A path inside the state folder.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
