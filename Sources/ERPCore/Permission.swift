/// Everything a role may or may not do. Every service call checks one, and every HTTP route
/// declares one (or is explicitly public), so the role × route matrix is complete by construction.
package enum Permission: String, Sendable, CaseIterable, Equatable {
    /// See one's own user record.
    case readSelf = "self.read"
    /// Create, list and disable users; issue tokens for others.
    case manageUsers = "users.manage"
    /// Read the audit log.
    case readAudit = "audit.read"

    /// The single permission table: which roles hold each permission.
    package var roles: Set<Role> {
        switch self {
        case .readSelf: Set(Role.allCases)
        case .manageUsers: [.owner]
        case .readAudit: [.owner]
        }
    }
}

extension Principal {
    /// Whether this user's role holds `permission`.
    package func may(_ permission: Permission) -> Bool {
        permission.roles.contains(role)
    }

    /// Refuses unless this user's role holds `permission`.
    /// - Throws: `ERPError.forbidden`.
    package func require(_ permission: Permission) throws(ERPError) {
        guard may(permission) else {
            throw .forbidden(action: "\(permission.rawValue) (role \(role.rawValue))")
        }
    }
}
