import Yams

/// Parses kubeconfig YAML and resolves a context into a ``KubernetesCredential``.
///
/// Supported: `clusters[].cluster.{server, certificate-authority-data, certificate-authority,
/// insecure-skip-tls-verify}`, `contexts[].context.{cluster, user, namespace}`, and
/// `users[].user.{token, tokenFile, client-certificate-data, client-key-data, client-certificate,
/// client-key}`. A token wins over a client certificate when a user has both, as kubectl does.
/// `exec` and `auth-provider` plugins and basic auth are not supported.
struct KubeconfigResolver {
    private struct Named<Value: Decodable>: Decodable {
        var name: String
        var value: Value?

        private enum CodingKeys: String, CodingKey { case name, cluster, context, user }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            value = try container.decodeIfPresent(Value.self, forKey: .cluster)
                ?? container.decodeIfPresent(Value.self, forKey: .context)
                ?? container.decodeIfPresent(Value.self, forKey: .user)
        }
    }

    private struct Cluster: Decodable {
        var server: String?
        var certificateAuthorityData: String?
        var certificateAuthority: String?
        var insecureSkipTLSVerify: Bool?

        private enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthorityData = "certificate-authority-data"
            case certificateAuthority = "certificate-authority"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        }
    }

    private struct Context: Decodable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    private struct User: Decodable {
        var token: String?
        var tokenFile: String?
        var clientCertificateData: String?
        var clientKeyData: String?
        var clientCertificate: String?
        var clientKey: String?
        var exec: Presence?
        var authProvider: Presence?

        private enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec
            case clientCertificateData = "client-certificate-data"
            case clientKeyData = "client-key-data"
            case clientCertificate = "client-certificate"
            case clientKey = "client-key"
            case authProvider = "auth-provider"
        }
    }

    /// Decodes any value; records only that the key was there.
    private struct Presence: Decodable {
        init(from decoder: any Decoder) {}
    }

    private struct Config: Decodable {
        var currentContext: String?
        var clusters: [Named<Cluster>]?
        var contexts: [Named<Context>]?
        var users: [Named<User>]?

        private enum CodingKeys: String, CodingKey {
            case currentContext = "current-context"
            case clusters, contexts, users
        }
    }

    private static let base64LineBreaks: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r"]

    private let config: Config
    private let directory: String?
    private let homeDirectory: String?

    init(yaml: String, directory: String?, homeDirectory: String?) throws {
        do {
            config = try YAMLDecoder().decode(Config.self, from: yaml)
        } catch {
            throw CredentialError(.kubeconfigInvalidYAML, "the kubeconfig is not YAML with clusters, contexts and users lists")
        }
        self.directory = directory
        self.homeDirectory = homeDirectory
    }

    func credential(context requested: String?) throws -> KubernetesCredential {
        let contextName = requested ?? config.currentContext ?? ""
        guard !contextName.isEmpty else {
            throw CredentialError(.kubeconfigMissingContext, "no context was given and the kubeconfig has no current-context")
        }
        guard let context = config.contexts?.first(where: { $0.name == contextName })?.value else {
            throw CredentialError(.kubeconfigMissingContext, "the kubeconfig has no context named \"\(contextName)\"")
        }
        guard let clusterName = context.cluster, !clusterName.isEmpty,
              let cluster = config.clusters?.first(where: { $0.name == clusterName })?.value
        else {
            throw CredentialError(
                .kubeconfigMissingCluster,
                "context \"\(contextName)\" names cluster \"\(context.cluster ?? "")\", which is not in clusters"
            )
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw CredentialError(.kubeconfigMissingCluster, "cluster \"\(clusterName)\" has no server")
        }
        guard let userName = context.user, !userName.isEmpty,
              let user = config.users?.first(where: { $0.name == userName })?.value
        else {
            throw CredentialError(
                .kubeconfigMissingUser,
                "context \"\(contextName)\" names user \"\(context.user ?? "")\", which is not in users"
            )
        }
        return try KubernetesCredential(
            contextName: contextName,
            server: server,
            certificateAuthorityPEM: try certificateAuthority(cluster, name: clusterName),
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify ?? false,
            authentication: try authentication(user, name: userName),
            namespace: context.namespace
        )
    }

    private func certificateAuthority(_ cluster: Cluster, name: String) throws -> [UInt8]? {
        if let data = cluster.certificateAuthorityData, !data.isEmpty {
            return try decodeBase64(data, field: "clusters[\(name)].certificate-authority-data")
        }
        if let path = cluster.certificateAuthority, !path.isEmpty {
            return try read(path, what: "certificate-authority of cluster \"\(name)\"")
        }
        return nil
    }

    private func authentication(_ user: User, name: String) throws -> KubernetesCredential.Authentication {
        if let token = user.token, !token.isEmpty {
            return .bearerToken(Secret(token))
        }
        if let path = user.tokenFile, !path.isEmpty {
            var bytes = try read(path, what: "tokenFile of user \"\(name)\"")
            while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") {
                bytes.removeLast()
            }
            guard !bytes.isEmpty else {
                throw CredentialError(.kubeconfigNoAuthMethod, "the tokenFile of user \"\(name)\" is empty")
            }
            defer { wipe(&bytes) }
            return .bearerToken(Secret(bytes: bytes))
        }
        let certificate: [UInt8]? = if let data = user.clientCertificateData, !data.isEmpty {
            try decodeBase64(data, field: "users[\(name)].client-certificate-data")
        } else if let path = user.clientCertificate, !path.isEmpty {
            try read(path, what: "client-certificate of user \"\(name)\"")
        } else {
            nil
        }
        let key: [UInt8]? = if let data = user.clientKeyData, !data.isEmpty {
            try decodeBase64(data, field: "users[\(name)].client-key-data")
        } else if let path = user.clientKey, !path.isEmpty {
            try read(path, what: "client-key of user \"\(name)\"")
        } else {
            nil
        }
        switch (certificate, key) {
        case (let certificate?, let key?):
            return .clientCertificate(certificatePEM: certificate, privateKeyPEM: Secret(bytes: key))
        case (.some, nil):
            throw CredentialError(.kubeconfigNoAuthMethod, "user \"\(name)\" has a client certificate but no client key")
        case (nil, .some):
            throw CredentialError(.kubeconfigNoAuthMethod, "user \"\(name)\" has a client key but no client certificate")
        case (nil, nil):
            let unsupported = user.exec != nil ? " (exec plugins are not supported)"
                : user.authProvider != nil ? " (auth-provider plugins are not supported)" : ""
            throw CredentialError(
                .kubeconfigNoAuthMethod,
                "user \"\(name)\" has no token, tokenFile, or client certificate and key\(unsupported)"
            )
        }
    }

    private func decodeBase64(_ text: String, field: String) throws -> [UInt8] {
        // kubectl accepts base64 with embedded line breaks (as `base64` wraps it); nothing else.
        let compact = String(text.unicodeScalars.filter { !Self.base64LineBreaks.contains($0) })
        do {
            return try Base64.decode(compact)
        } catch {
            throw CredentialError(.kubeconfigInvalidBase64, "\(field) is not valid base64")
        }
    }

    private func read(_ path: String, what: String) throws -> [UInt8] {
        try CredentialFiles.read(CredentialFiles.resolve(path, relativeTo: directory, homeDirectory: homeDirectory), what: what)
    }
}
