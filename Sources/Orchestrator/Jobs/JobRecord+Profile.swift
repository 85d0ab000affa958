import Adapters

extension JobRecord {
    /// The profile as it was when the job was submitted, parsed again; `nil` for a job stored without it.
    public func submittedProfile(catalog: PriceCatalog? = nil) throws(DiagnosticsError) -> ComputeProfile? {
        guard let profileSource else { return nil }
        return try ProfileParser(catalog: catalog).parse(profileSource, file: "profile \(profile) of job \(id)")
    }

    /// Where the job was placed: its candidate in the submitted profile.
    public func placedTarget() -> ComputeTarget? {
        guard let candidateIndex, let profile = try? submittedProfile(), profile.candidates.indices.contains(candidateIndex) else { return nil }
        return profile.candidates[candidateIndex].target
    }
}
