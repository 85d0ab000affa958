extension AdapterError {
    /// Whether the provider answered that it has no such job (SageMaker `ValidationException` "Requested resource
    /// not found", Vertex `NOT_FOUND`, Azure `ResourceNotFound`, Kubernetes `NotFound`, the platform queue's
    /// `NotFound`), rather than failing to answer. The status sync counts these as misses.
    public var meansJobUnknown: Bool {
        let codes: Set<String> = ["NotFound", "NOT_FOUND", "ResourceNotFound", "ResourceNotFoundException"]
        if let code, codes.contains(code) { return true }
        let text = message.lowercased()
        return errorClass == .invalid && (text.contains("not found") || text.contains("does not exist"))
    }
}
