import Foundation
import Hummingbird
import Orchestrator

/// `/v1/profiles`: an organization's compute profiles, in YAML or JSON, checked like the CLI checks them.
struct ProfileRoutes {
    let environment: APIEnvironment

    func register(on group: RouterGroup<APIRequestContext>) {
        group.put("profiles/:name") { request, context in try await put(request, context) }
        group.get("profiles") { _, context in try await list(context) }
        group.get("profiles/:name") { _, context in try await show(context) }
        group.delete("profiles/:name") { _, context in try await delete(context) }
    }

    private func put(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let name = try context.parameters.require("name")
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let source = String(validating: buffer.readableBytesView, as: UTF8.self), !source.isEmpty else {
            throw APIError.badRequest("profile.empty", "the body must be the profile in YAML or JSON (UTF-8)")
        }
        let profile = try ProfileParser(catalog: environment.catalog).parse(source, file: name)
        guard profile.name == name else {
            throw APIError.badRequest("profile.name_mismatch", "the profile is named '\(profile.name)' but was put at '\(name)'")
        }
        let (stored, created) = try await environment.store.putProfile(organization: caller.organization, name: name, source: source)
        return try APIJSON.response(ProfileView(stored, parsed: profile), status: created ? .created : .ok)
    }

    private func list(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let profiles = try await environment.store.profiles(organization: caller.organization)
        let views = profiles.map { ProfileView($0, parsed: try? ProfileParser(catalog: environment.catalog).parse($0.source, file: $0.name)) }
        return try APIJSON.response(PageView(items: views, nextCursor: nil))
    }

    private func show(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let (stored, parsed) = try await environment.profile(organization: caller.organization, name: try context.parameters.require("name"))
        return try APIJSON.response(ProfileView(stored, parsed: parsed))
    }

    private func delete(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        try await environment.store.deleteProfile(organization: caller.organization, name: try context.parameters.require("name"))
        return Response(status: .noContent)
    }
}

extension APIEnvironment {
    /// A stored profile, parsed against the catalog.
    func profile(organization: String, name: String) async throws -> (StoredProfile, ComputeProfile) {
        guard let stored = try await store.profile(organization: organization, name: name) else { throw StoreError.profileNotFound(name: name) }
        return (stored, try ProfileParser(catalog: catalog).parse(stored.source, file: name))
    }
}
