/// The names and labels Trainyard gives provider jobs: deterministic per `(job id, attempt)`, so that a repeated
/// submission finds the job the first one created (SageMaker `TrainingJobName`, Kubernetes `metadata.name`,
/// Azure ML job name, Vertex AI labels).
public enum JobNaming {
    /// The label key carrying Trainyard's job id.
    public static let jobLabel = "trainyard-job"
    /// The label key carrying the organization.
    public static let organizationLabel = "trainyard-org"
    /// The label key carrying the attempt number.
    public static let attemptLabel = "trainyard-attempt"

    /// `ty-<job id>-<attempt>`: lower-case letters, digits and single hyphens, at most 63 characters, starting and
    /// ending with an alphanumeric. It satisfies SageMaker's job-name pattern, a DNS-1123 label (Kubernetes) and
    /// Azure ML's job-id pattern at once.
    public static func providerJobName(jobID: String, attempt: Int) -> String {
        let suffix = "-\(attempt)"
        let body = String(labelValue(jobID).replacingOccurrences(of: "_", with: "-").prefix(63 - 3 - suffix.count))
        var name = "ty-" + body
        while name.hasSuffix("-") { name.removeLast() }
        return name + suffix
    }

    /// `value` as a label value every provider accepts: lower-case letters, digits, `-` and `_`, at most 63
    /// characters, no leading or trailing separator (Kubernetes and Google label rules, the stricter of the two).
    public static func labelValue(_ value: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for character in value.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                out.append(character)
                lastWasSeparator = false
            } else if !lastWasSeparator, !out.isEmpty {
                out.append(character == "_" ? "_" : "-")
                lastWasSeparator = true
            }
        }
        out = String(out.prefix(63))
        while let last = out.last, last == "-" || last == "_" { out.removeLast() }
        return out
    }

    /// The labels every provider job carries.
    public static func labels(for spec: ProviderJobSpec) -> [String: String] {
        [jobLabel: labelValue(spec.jobID), organizationLabel: labelValue(spec.organization), attemptLabel: String(spec.attempt)]
    }
}
