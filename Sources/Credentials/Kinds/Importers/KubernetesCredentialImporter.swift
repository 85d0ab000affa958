import Foundation

/// Imports a ``KubernetesCredential`` from the kubeconfig kubectl would use.
public enum KubernetesCredentialImporter {
    /// Resolves `context` (default: the file's `current-context`) in the kubeconfig kubectl would read.
    ///
    /// The file is the **first** path of the colon-separated `KUBECONFIG` list when it is set;
    /// kubectl merges every file of the list, which this importer does not do. Without `KUBECONFIG`
    /// it is `<home>/.kube/config`. Relative paths inside the file are resolved against its folder.
    ///
    /// - Throws: ``CredentialError`` `credential.file_unreadable` naming the file, or the
    ///   `kubeconfig.*` errors of ``KubernetesCredential/init(kubeconfigYAML:context:directory:homeDirectory:)``.
    public static func fromEnvironment(
        _ environment: [String: String],
        homeDirectory: String,
        context: String? = nil
    ) throws -> KubernetesCredential {
        let path = kubeconfigPath(environment: environment, homeDirectory: homeDirectory)
        return try KubernetesCredential(kubeconfigFile: path, context: context, homeDirectory: homeDirectory)
    }

    /// The kubeconfig file ``fromEnvironment(_:homeDirectory:context:)`` reads.
    public static func kubeconfigPath(environment: [String: String], homeDirectory: String) -> String {
        if let list = environment["KUBECONFIG"],
           let first = list.split(separator: ":", omittingEmptySubsequences: true).first {
            return CredentialFiles.resolve(String(first), relativeTo: nil, homeDirectory: homeDirectory)
        }
        return (homeDirectory as NSString).appendingPathComponent(".kube/config")
    }
}
