import Catalog
import ERPCore

/// The catalog's HTTP routes: products, categories, units, import/export.
package struct CatalogRoutes: RouteGroup {
    package init() {}
    package var routes: [Route] { [] }
}
