import ERPCore
import Parties

/// The counterparties' HTTP routes: parties, contacts, import/export.
package struct PartyRoutes: RouteGroup {
    package init() {}
    package var routes: [Route] { [] }
}
