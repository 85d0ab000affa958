import Foundation

/// Imports an ``AWSAccessKeyCredential`` from the places the AWS CLI and SDKs read.
///
/// Pure functions over an environment dictionary and file paths, so they can be tested in isolation.
public enum AWSCredentialImporter {
    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional),
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`) and `AWS_ROLE_ARN` (optional).
    ///
    /// - Throws: ``CredentialError`` `credential.missing_value` naming every missing variable.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AWSAccessKeyCredential {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION")
        var missing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].filter { value($0) == nil }
        if region == nil { missing.append("AWS_REGION (or AWS_DEFAULT_REGION)") }
        guard missing.isEmpty, let keyID = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY"),
              let region
        else {
            throw CredentialError(.missingValue, "environment lacks \(missing.joined(separator: ", "))")
        }
        return try AWSAccessKeyCredential(
            accessKeyID: keyID,
            secretAccessKey: Secret(secret),
            sessionToken: value("AWS_SESSION_TOKEN").map(Secret.init),
            roleARN: value("AWS_ROLE_ARN"),
            region: region
        )
    }

    /// Reads a profile from the shared credentials and config files.
    ///
    /// - The files are `AWS_SHARED_CREDENTIALS_FILE` (default `<home>/.aws/credentials`) and
    ///   `AWS_CONFIG_FILE` (default `<home>/.aws/config`); a missing file counts as empty.
    /// - The profile is `profile`, else `AWS_PROFILE`, else `default`. It is `[name]` in the
    ///   credentials file and `[profile name]` (or `[default]`) in the config file.
    /// - Keys: `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` (credentials file
    ///   first, then config), `role_arn` and `region` (config first, then credentials). A profile
    ///   with `role_arn` and `source_profile` takes its keys from the source profile.
    /// - The region is `AWS_REGION` or `AWS_DEFAULT_REGION` when set, as in the AWS SDKs.
    ///
    /// - Throws: ``CredentialError`` `aws.profile_not_found`, or `credential.missing_value` naming
    ///   the missing keys and the files searched.
    public static func fromSharedFiles(
        environment: [String: String],
        homeDirectory: String,
        profile: String? = nil
    ) throws -> AWSAccessKeyCredential {
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            .map { CredentialFiles.resolve($0, relativeTo: nil, homeDirectory: homeDirectory) }
            ?? (homeDirectory as NSString).appendingPathComponent(".aws/credentials")
        let configPath = environment["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            .map { CredentialFiles.resolve($0, relativeTo: nil, homeDirectory: homeDirectory) }
            ?? (homeDirectory as NSString).appendingPathComponent(".aws/config")
        let credentials = INIFile(text: readIfPresent(credentialsPath))
        let config = INIFile(text: readIfPresent(configPath))
        let name = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"

        func settings(_ profile: String) -> (credentials: [String: String], config: [String: String])? {
            let fromCredentials = credentials.sections[profile]
            let fromConfig = config.sections[profile == "default" ? "default" : "profile \(profile)"]
            guard fromCredentials != nil || fromConfig != nil else { return nil }
            return (fromCredentials ?? [:], fromConfig ?? [:])
        }
        guard let own = settings(name) else {
            throw CredentialError(
                .awsProfileNotFound, "profile \"\(name)\" is in neither \(credentialsPath) nor \(configPath)"
            )
        }
        let roleARN = nonEmpty(own.config["role_arn"] ?? own.credentials["role_arn"])
        var keySource = own
        if roleARN != nil, let source = nonEmpty(own.config["source_profile"] ?? own.credentials["source_profile"]) {
            guard let sourceSettings = settings(source) else {
                throw CredentialError(
                    .awsProfileNotFound,
                    "profile \"\(name)\" names source_profile \"\(source)\", which is in neither \(credentialsPath) nor \(configPath)"
                )
            }
            keySource = sourceSettings
        }
        func key(_ key: String) -> String? {
            nonEmpty(keySource.credentials[key] ?? keySource.config[key])
        }
        let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(own.config["region"] ?? own.credentials["region"])
        var missing = ["aws_access_key_id", "aws_secret_access_key"].filter { key($0) == nil }
        if region == nil { missing.append("region") }
        guard missing.isEmpty, let keyID = key("aws_access_key_id"), let secret = key("aws_secret_access_key"), let region else {
            throw CredentialError(
                .missingValue,
                "profile \"\(name)\" lacks \(missing.joined(separator: ", ")) (searched \(credentialsPath) and \(configPath))"
            )
        }
        return try AWSAccessKeyCredential(
            accessKeyID: keyID,
            secretAccessKey: Secret(secret),
            sessionToken: key("aws_session_token").map(Secret.init),
            roleARN: roleARN,
            region: region
        )
    }

    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func readIfPresent(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
