/// Everything a role may or may not do. Every service call checks one, and every HTTP route
/// declares one (or is explicitly public), so the role × route matrix is complete by construction.
package enum Permission: String, Sendable, CaseIterable, Equatable {
    /// See one's own user record.
    case readSelf = "self.read"
    /// Issue, list and revoke one's own API tokens, and change one's own password.
    case manageOwnAccess = "self.access"
    /// Create, list and disable users; issue and revoke tokens for others; set their passwords.
    case manageUsers = "users.manage"
    /// Read the audit log.
    case readAudit = "audit.read"

    /// The single permission table: which roles hold each permission.
    package var roles: Set<Role> {
        switch self {
        case .readSelf: Set(Role.allCases)
        case .manageOwnAccess: Set(Role.allCases)
        case .manageUsers: [.owner]
        case .readAudit: [.owner]
        }
    }

    /// What the permission allows, as a phrase that reads after "not allowed to"
    /// (`ERPError.forbidden(action:)`): "You are not allowed to manage users."
    package var phrase: String {
        switch self {
        case .readSelf: "see your own user record"
        case .manageOwnAccess: "manage your own tokens and password"
        case .manageUsers: "manage users"
        case .readAudit: "read the audit log"
        }
    }
}

extension Principal {
    /// Whether this user's role holds `permission`.
    package func may(_ permission: Permission) -> Bool {
        permission.roles.contains(role)
    }

    /// Refuses unless this user's role holds `permission`.
    /// - Throws: `ERPError.forbidden` with the permission's phrase as the action.
    package func require(_ permission: Permission) throws(ERPError) {
        guard may(permission) else {
            throw .forbidden(action: permission.phrase)
        }
    }
}
