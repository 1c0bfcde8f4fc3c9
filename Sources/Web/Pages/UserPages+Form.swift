// The parts the new-user and the user's page share: the role fields (name, role, "all clients" for
// managers, the warehouse scope for storekeepers as ticked warehouses), the status badge, and the
// service's refusals in the owner's words at their fields.

import ERPCore
import Warehouse

/// The user forms' shared fields and errors.
enum UserForm {
    /// Name, role, all clients and the warehouse scope, filled with these values.
    static func roleFields(name: String, role: Role, allClients: Bool, scope: [Int64]?, warehouses: [Warehouse],
                           errors: FormErrors, context: PageContext) -> HTML {
        let roles = Role.allCases.map { ($0.rawValue, context.text(.role($0))) }
        let ticked = Set(scope ?? [])
        let boxes = warehouses.map { warehouse -> HTML in
            let mark: HTML = ticked.contains(warehouse.id.rawValue) ? " checked" : ""
            return """
                <label class="check"><input type="checkbox" name="scope" value="\(String(warehouse.id.rawValue))"\(mark)> \(warehouse.name)</label>
                """
        }
        let all: HTML = allClients ? " checked" : ""
        return """
            <label for="name">\(context.admin(.displayName))</label>
            <input id="name" name="name" value="\(name)"\(errors.attributes(for: "name"))>\(errors.message(for: "name"))
            <label for="role">\(context.admin(.role))</label>
            <select id="role" name="role"\(errors.attributes(for: "role"))>\(SalesFormat.options(roles, selected: role.rawValue))</select>
            \(errors.message(for: "role"))
            <label class="check"><input type="checkbox" id="all_clients" name="all_clients" value="1"\(all)\(errors.attributes(for: "all_clients"))>
            \(context.admin(.allClients))</label>\(errors.message(for: "all_clients"))
            <fieldset class="scope"\(errors.attributes(for: "scope"))><legend>\(context.admin(.scope))</legend>
            <p class="muted">\(context.admin(.scopeHint))</p>\(HTML.joined(boxes))</fieldset>\(errors.message(for: "scope"))
            """
    }

    /// The chosen role with its flags. The form hides the fields that do not apply to the chosen
    /// role (CSS), so "all clients" is read only for a manager and the scope only for a storekeeper.
    static func role(_ form: FormFields) -> (role: Role, allClients: Bool, scope: [Int64]?) {
        let role = form["role"].flatMap(Role.init) ?? .manager
        let ids = form.all("scope").compactMap { Int64($0) }
        return (role, role == .manager && form["all_clients"] != nil, role == .storekeeper && !ids.isEmpty ? ids : nil)
    }

    /// Активен / Заблокирован as a badge (the word is there, not only the colour).
    static func state(_ user: User, context: PageContext) -> HTML {
        user.active ? "<span class=\"badge posted\">\(context.admin(.active))</span>"
            : "<span class=\"badge cancelled\">\(context.admin(.blocked))</span>"
    }

    /// A refusal of the access service at the form's fields; the acting user and the last owner
    /// get sentences of their own.
    static func errors(for error: ERPError, context: PageContext) -> FormErrors {
        switch error {
        case .invalidState(_, let current, _):
            var errors = FormErrors()
            errors.general = context.admin(current == "the acting user" ? .yourself : .lastOwner)
            return errors
        case .versionConflict:
            var errors = FormErrors()
            errors.general = context.admin(.changedMeanwhile)
            return errors
        case .duplicate(_, let field, _) where field == "login":
            var errors = FormErrors()
            errors.fields["login"] = context.admin(.loginTaken)
            errors.general = context.text(.formHasErrors)
            return errors
        default:
            return context.formErrors(for: error) { path in
                switch path {
                case "login", "name", "role", "all_clients": path
                case "warehouse_scope": "scope"
                case "password": context.form["new_password"] == nil ? "password" : "new_password"
                default: nil
                }
            }
        }
    }
}
