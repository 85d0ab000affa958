import Credentials
import Foundation
import Storage

/// Temporary credentials from STS `AssumeRole` for credentials that name a role, cached per access key and role
/// until five minutes before they expire.
actor AWSRoleSessions {
    private struct Key: Hashable {
        var accessKeyID: String
        var roleARN: String
    }

    private var sessions: [Key: (credentials: AWSCredentials, expires: Date)] = [:]

    /// The credentials to sign with: `credential`'s own, or a session of its role from `sts`.
    func signingCredentials(for credential: AWSAccessKeyCredential, sts: AWSServiceClient, now: Date) async throws -> AWSCredentials {
        guard let role = credential.roleARN else { return credential.signingCredentials }
        let key = Key(accessKeyID: credential.accessKeyID, roleARN: role)
        if let session = sessions[key], session.expires.timeIntervalSince(now) > 300 {
            return session.credentials
        }
        let answer = try await sts.query(action: "AssumeRole", parameters: [
            ("Version", "2011-06-15"), ("RoleArn", role), ("RoleSessionName", "trainyard"), ("DurationSeconds", "3600"),
        ])
        let xml = Data(answer)
        guard let keyID = AWSXML.first("AccessKeyId", in: xml), let secret = AWSXML.first("SecretAccessKey", in: xml),
              let token = AWSXML.first("SessionToken", in: xml) else {
            throw AdapterError(.credentials, provider: .sagemaker, code: "AssumeRoleFailed", message: "STS AssumeRole answered without credentials")
        }
        let expires = RFC3339.date(AWSXML.first("Expiration", in: xml)) ?? now.addingTimeInterval(3600)
        let credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: Secret(secret), sessionToken: Secret(token))
        sessions[key] = (credentials, expires)
        return credentials
    }
}
