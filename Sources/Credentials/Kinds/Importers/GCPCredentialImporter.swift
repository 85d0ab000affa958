/// Imports a ``GCPServiceAccountKey`` from a service-account JSON file.
public enum GCPCredentialImporter {
    /// Parses the service-account JSON file at `path`.
    public static func fromFile(_ path: String) throws -> GCPServiceAccountKey {
        try GCPServiceAccountKey(contentsOfFile: path)
    }

    /// Parses the file named by `GOOGLE_APPLICATION_CREDENTIALS`.
    ///
    /// - Throws: ``CredentialError`` `credential.missing_value` when the variable is unset or empty,
    ///   else the errors of ``GCPServiceAccountKey/init(json:)``.
    public static func fromEnvironment(_ environment: [String: String]) throws -> GCPServiceAccountKey {
        guard let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty else {
            throw CredentialError(.missingValue, "environment lacks GOOGLE_APPLICATION_CREDENTIALS")
        }
        return try fromFile(path)
    }
}
