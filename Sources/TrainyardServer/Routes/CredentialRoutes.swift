import Adapters
import Credentials
import Foundation
import Hummingbird
import Orchestrator

/// `/v1/credentials`: register (sealed at once; never echoed), list, validate with the provider, delete.
struct CredentialRoutes {
    let environment: APIEnvironment

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("credentials") { request, context in try await create(request, context) }
        group.get("credentials") { _, context in try await list(context) }
        group.post("credentials/:name/validate") { _, context in try await validate(context) }
        group.delete("credentials/:name") { _, context in try await delete(context) }
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let body = try await APIJSON.decode(CredentialRequest.self, from: request, context: context)
        guard JobStore.isValidName(body.name) else { throw StoreError.invalidName(body.name) }
        let credential = try body.credential()
        try await environment.vault.add(organization: caller.organization, name: body.name, credential: credential, replace: body.replace ?? false)
        guard let summary = try await environment.vault.list(organization: caller.organization).first(where: { $0.name == body.name }) else {
            throw VaultError.notFound(name: body.name)
        }
        return try APIJSON.response(CredentialView(summary), status: .created)
    }

    private func list(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let summaries = try await environment.vault.list(organization: caller.organization)
        return try APIJSON.response(PageView(items: summaries.map(CredentialView.init), nextCursor: nil))
    }

    private func validate(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let name = try context.parameters.require("name")
        let credential = try await environment.vault.open(organization: caller.organization, name: name)
        let provider = ProviderKind(validating: credential)
        guard let adapter = environment.router.adapters[provider] else {
            throw APIError(.conflict, code: "credentials.no_adapter", message: "no \(provider.rawValue) adapter is configured on this server")
        }
        let target = ComputeTarget(provider: provider, region: credential.region ?? "*", machine: .instance(type: "validation"), credentials: name)
        let result: CredentialValidation
        do {
            result = try await adapter.validateCredentials(credential, for: target)
        } catch let error as AdapterError {
            result = CredentialValidation(valid: false, message: "\(error.code ?? error.errorClass.rawValue): \(error.message)")
        }
        let summary = result.valid ? "valid\(result.identity.map { " as \($0)" } ?? "")" : "invalid: \(result.message ?? "refused")"
        try await environment.vault.recordValidation(organization: caller.organization, name: name, result: summary)
        return try APIJSON.response(ValidationView(name: name, provider: provider.rawValue, valid: result.valid,
                                                   identity: result.identity, message: result.message))
    }

    private func delete(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        try await environment.vault.remove(organization: caller.organization, name: try context.parameters.require("name"))
        return Response(status: .noContent)
    }
}

/// `POST /v1/credentials`: a name, a provider (`aws`, `gcp`, `azure`, `kubernetes`) and the provider's secret fields.
struct CredentialRequest: Decodable {
    var name: String
    var provider: String
    var replace: Bool?
    /// aws: access key id, secret access key, session token, role ARN, region.
    var accessKeyId: String?
    var secretAccessKey: String?
    var sessionToken: String?
    var roleArn: String?
    var region: String?
    /// gcp: the service-account key file's JSON text.
    var serviceAccountKey: String?
    /// azure: a service principal.
    var tenantId: String?
    var clientId: String?
    var clientSecret: String?
    var subscriptionId: String?
    var authorityHost: String?
    /// kubernetes: a kubeconfig's YAML text and the context to use.
    var kubeconfig: String?
    var context: String?

    func credential() throws -> CloudCredential {
        func required(_ value: String?, _ key: String) throws -> String {
            guard let value, !value.isEmpty else { throw APIError.badRequest("credentials.missing_field", "\(key) is required for \(provider)") }
            return value
        }
        switch provider {
        case "aws":
            return .aws(try AWSAccessKeyCredential(
                accessKeyID: try required(accessKeyId, "access_key_id"), secretAccessKey: Secret(try required(secretAccessKey, "secret_access_key")),
                sessionToken: sessionToken.map(Secret.init), roleARN: roleArn, region: region ?? "us-east-1"))
        case "gcp":
            return .gcp(try GCPServiceAccountKey(json: Array(try required(serviceAccountKey, "service_account_key").utf8)))
        case "azure":
            return .azure(try AzureServicePrincipal(
                tenantID: try required(tenantId, "tenant_id"), clientID: try required(clientId, "client_id"),
                clientSecret: Secret(try required(clientSecret, "client_secret")),
                subscriptionID: try required(subscriptionId, "subscription_id"), authorityHost: authorityHost))
        case "kubernetes":
            return .kubernetes(try KubernetesCredential(kubeconfigYAML: try required(kubeconfig, "kubeconfig"), context: context))
        default:
            throw APIError.badRequest("credentials.unknown_provider", "'\(provider)' is not aws, gcp, azure or kubernetes")
        }
    }
}

/// What the provider said of a credential.
struct ValidationView: Encodable, Sendable {
    var name: String
    var provider: String
    var valid: Bool
    var identity: String?
    var message: String?
}

extension ProviderKind {
    /// The provider whose API checks a credential of this kind.
    init(validating credential: CloudCredential) {
        switch credential {
        case .aws: self = .sagemaker
        case .gcp: self = .vertex
        case .azure: self = .azureml
        case .kubernetes: self = .kubernetes
        }
    }
}

extension CloudCredential {
    var region: String? {
        if case .aws(let aws) = self { return aws.region }
        return nil
    }
}
