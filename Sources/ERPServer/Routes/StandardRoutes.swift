import ERPCore

extension APIServer {
    /// Every module's routes, as `erp serve` exposes them. Tests register the same list, so the
    /// role × route matrix and the OpenAPI coverage test see exactly what production serves.
    /// - Throws: `RouteTableError` for a malformed or duplicate route (a programming error).
    package func registerStandardRoutes(time: TimeSource = .system) throws(RouteTableError) {
        try register(AccessRoutes(time: time))
        try register(CatalogRoutes())
        try register(PartyRoutes())
        try register(WarehouseRoutes(time: time))
        try register(StockDocumentRoutes(time: time))
        try register(OrderRoutes(time: time))
        try register(PurchasingRoutes(time: time))
        try register(PayablesRoutes(time: time))
        try register(BillingRoutes(time: time))
        try register(AdvanceInvoiceRoutes(time: time))
        try register(CRMRoutes(time: time))
        try register(ExchangeRoutes(time: time))
        try register(ReportRoutes(time: time))
        try register(IntegrationRoutes(time: time, webhookHosts: configuration.webhookHosts))
    }
}
