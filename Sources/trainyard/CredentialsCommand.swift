import ArgumentParser
import Credentials
import Foundation
import Orchestrator

/// `trainyard credentials add|list|remove`: the BYOC credential vault.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials", abstract: "Register cloud credentials (sealed with Fernet; never shown again).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a credential from the ecosystem's standard places.",
            discussion: """
                aws: --from-env (AWS_ACCESS_KEY_ID, …) or --profile X of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE or default).
                gcp: --file KEY.json, or --from-env (GOOGLE_APPLICATION_CREDENTIALS).
                azure: --from-env (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID).
                kubernetes: --file KUBECONFIG, or KUBECONFIG / ~/.kube/config; --context C (default: current-context).
                """)

        @Argument(help: "The name profiles refer to.") var name: String
        @Option(help: "aws, gcp, azure or kubernetes (sagemaker, vertex and azureml name theirs).") var provider: String
        @Flag(help: "Read the provider's environment variables.") var fromEnv = false
        @Option(help: "A file: a service-account key (gcp) or a kubeconfig (kubernetes).") var file: String?
        @Option(help: "An AWS profile name.") var profile: String?
        @Option(help: "A kubeconfig context.") var context: String?
        @Flag(help: "Replace a credential of the same name.") var replace = false

        func run() async throws {
            let credential = try importCredential()
            let home = TrainyardHome()
            try await home.withStore { store in
                try await home.vault(store).add(organization: TrainyardHome.organization, name: name, credential: credential, replace: replace)
            }
            print("credential \(name) (\(credential.kind.rawValue)) sealed and stored")
        }

        private func importCredential() throws -> CloudCredential {
            let environment = ProcessInfo.processInfo.environment
            let home = NSHomeDirectory()
            switch provider.lowercased() {
            case "aws", "sagemaker":
                return .aws(fromEnv ? try AWSCredentialImporter.fromEnvironment(environment)
                    : try AWSCredentialImporter.fromSharedFiles(environment: environment, homeDirectory: home, profile: profile))
            case "gcp", "vertex":
                return .gcp(try file.map(GCPCredentialImporter.fromFile) ?? GCPCredentialImporter.fromEnvironment(environment))
            case "azure", "azureml":
                return .azure(try AzureCredentialImporter.fromEnvironment(environment))
            case "kubernetes", "k8s":
                if let file { return .kubernetes(try KubernetesCredential(kubeconfigFile: file, context: context, homeDirectory: home)) }
                return .kubernetes(try KubernetesCredentialImporter.fromEnvironment(environment, homeDirectory: home, context: context))
            default:
                throw ValidationError("credentials.unknown_provider: '\(provider)' is not aws, gcp, azure or kubernetes")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List credentials: names and kinds, never secrets.")

        @Option(help: "table or json.") var output: OutputFormat = .table

        func run() async throws {
            let home = TrainyardHome()
            let summaries = try await home.withStore { store in
                try await home.vault(store).list(organization: TrainyardHome.organization)
            }
            if output == .json {
                print(try JobDocument.json(summaries))
                return
            }
            let formatter = ISO8601DateFormatter()
            for summary in summaries {
                let validation = summary.validation.map { "  \($0)" } ?? ""
                print("\(summary.name)  \(summary.kind.rawValue)  created \(formatter.string(from: summary.createdAt))\(validation)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a credential.")

        @Argument(help: "The credential's name.") var name: String

        func run() async throws {
            let home = TrainyardHome()
            try await home.withStore { store in
                try await home.vault(store).remove(organization: TrainyardHome.organization, name: name)
            }
            print("credential \(name) removed")
        }
    }
}

/// `trainyard keys rotate`: a new newest Fernet key, and every credential re-sealed under it.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys, and the keys that seal credentials.", subcommands: [Create.self, Rotate.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for an organization and print it once; only its hash is stored.")

        @Option(help: "The organization the key acts for.") var org: String
        @Option(help: "admin (credentials, profiles), member (submit, cancel) or viewer (read).") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("keys.invalid_role: '\(role)' is not admin, member or viewer") }
            let key = try await TrainyardHome().withStore { try await $0.createAPIKey(organization: org, role: role) }
            print(key.revealedToken)
            FileHandle.standardError.write(Data("API key \(key.id) (\(role.rawValue)) for organization \(org): shown once, store it now\n".utf8))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a new key first in the key file and re-seal every credential with it (older keys still open old tokens).")

        func run() async throws {
            let home = TrainyardHome()
            let keyring = try home.keySource.rotate()
            let count = try await home.withStore { store in
                try await CredentialVault(store: store, keyring: keyring).resealAll()
            }
            print("rotated: \(keyring.keys.count) keys, \(count) credential(s) re-sealed under the new key")
        }
    }
}
