extension String {
    /// The text without one trailing `/`: a base URL or storage prefix that paths are appended to.
    var withoutTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }

    /// `nil` for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
