/// Trainyard's version, as user agents and `trainyard --version` show it.
public enum TrainyardVersion {
    public static let current = "0.6.0"
}
