/// Imports an ``AzureServicePrincipal`` from the variables azure-identity's `EnvironmentCredential`
/// and the Azure CLI use.
public enum AzureCredentialImporter {
    /// Reads `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_SUBSCRIPTION_ID`
    /// and, optionally, `AZURE_AUTHORITY_HOST`.
    ///
    /// - Throws: ``CredentialError`` `credential.missing_value` naming every missing variable.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AzureServicePrincipal {
        let names = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID"]
        let missing = names.filter { environment[$0]?.isEmpty ?? true }
        guard missing.isEmpty, let tenant = environment["AZURE_TENANT_ID"], let client = environment["AZURE_CLIENT_ID"],
              let secret = environment["AZURE_CLIENT_SECRET"], let subscription = environment["AZURE_SUBSCRIPTION_ID"]
        else {
            throw CredentialError(.missingValue, "environment lacks \(missing.joined(separator: ", "))")
        }
        return try AzureServicePrincipal(
            tenantID: tenant,
            clientID: client,
            clientSecret: Secret(secret),
            subscriptionID: subscription,
            authorityHost: environment["AZURE_AUTHORITY_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
