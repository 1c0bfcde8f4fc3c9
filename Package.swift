// swift-tools-version:6.0
// The ERP: one package, no package dependencies. libpq is the only outside library.
import PackageDescription

let package = Package(
    name: "erp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "erp", targets: ["erp"]),
    ],
    targets: [
        // C shims: libpq's header, and the epoll/accept4 calls Glibc does not import.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "CEpoll"),

        // Knows PostgreSQL, not the ERP.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // Knows HTTP/1.1, not the ERP.
        .target(name: "HTTP1", dependencies: ["CEpoll"]),

        // The ERP kernel: values, errors, migrations (embedded at build time), embedded database.
        .target(
            name: "ERPCore",
            dependencies: ["Postgres"],
            plugins: ["EmbedMigrations"]
        ),
        // Business modules, each depending only downwards.
        .target(name: "Catalog", dependencies: ["ERPCore", "Postgres"]),
        .target(name: "Parties", dependencies: ["ERPCore", "Postgres"]),
        .target(name: "Warehouse", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties"]),
        .target(name: "Sales", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties", "Warehouse"]),
        // Supplier orders, receipts against them, returns to suppliers.
        .target(name: "Purchasing", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties", "Warehouse"]),
        .target(name: "Billing", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing"]),

        // Exchange with the bank and 1C: the electronic UPD, bank statements in, EnterpriseData out.
        .target(name: "Exchange", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Billing"]),
        // Activities, tasks, deals and the client card: ties the rest to the client.
        .target(name: "CRM", dependencies: ["ERPCore", "Postgres", "Parties", "Warehouse", "Sales", "Billing"]),
        // The owner's reports, above every module: they read the modules' read models (views), not their tables.
        .target(name: "Reports", dependencies: ["ERPCore", "Postgres", "CRM"]),
        // A believable small trading company, created through the services (erp demo, erp serve --demo).
        // The change feed and webhooks, above the business modules that write the events.
        .target(name: "Integrations", dependencies: ["ERPCore", "Postgres", "Parties"]),
        .target(name: "Demo", dependencies: ["ERPCore", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Billing", "CRM"]),

        .target(name: "ERPServer", dependencies: ["ERPCore", "HTTP1", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Billing", "CRM", "Reports", "Exchange", "Integrations"]),
        // The pages for people, on the API server's port: sessions, CSRF, layout, messages, assets.
        .target(name: "Web", dependencies: ["ERPCore", "ERPServer", "HTTP1", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Billing", "CRM", "Reports", "Exchange"],
                exclude: ["Assets"], plugins: ["EmbedAssets"]),
        .target(name: "ERPCLI", dependencies: ["ERPCore", "ERPServer", "Postgres", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Billing", "CRM", "Reports", "Exchange", "Demo", "Web", "Integrations"]),
        .executableTarget(name: "erp", dependencies: ["ERPCLI"]),

        // Benchmark server for the HTTP layer alone (scripts/bench-http.sh compares it with nginx).
        .executableTarget(name: "http1-bench", dependencies: ["HTTP1"]),

        // Build-time generator: turns sql/*.sql into a Swift source.
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        // Build-time generator: turns Sources/Web/Assets/* into a Swift source with content hashes.
        .executableTarget(name: "AssetEmbedder"),
        .plugin(
            name: "EmbedAssets",
            capability: .buildTool(),
            dependencies: ["AssetEmbedder"]
        ),

        // Test-only library: a throwaway cluster per test process, a fresh database per suite.
        .target(name: "TestSupport", dependencies: ["ERPCore", "Postgres"]),
        // Test-only: the shop the sales, billing and CRM suites share, built through the services.
        .target(name: "TestShop", dependencies: ["TestSupport", "ERPCore", "Postgres", "Catalog", "Parties", "Warehouse", "Sales"]),

        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "ERPCoreTests", dependencies: ["ERPCore", "TestSupport"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "TestSupport"]),
        .testTarget(name: "PartiesTests", dependencies: ["Parties", "TestSupport"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "Catalog", "Parties", "TestSupport"]),
        .testTarget(name: "SalesTests", dependencies: ["Sales", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "PurchasingTests", dependencies: ["Purchasing", "Sales", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "BillingTests", dependencies: ["Billing", "Sales", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "CRMTests", dependencies: ["CRM", "Reports", "Billing", "Sales", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "CRM", "Billing", "Sales", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Reports", "CRM", "Billing", "Sales", "Purchasing", "Warehouse", "Catalog", "Parties", "TestSupport"]),
        // The randomized, seeded, model-based concurrency test: every operation that changes stock or money.
        .testTarget(name: "ConcurrencyTests", dependencies: ["Exchange", "Billing", "Sales", "Purchasing", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "ExchangeTests", dependencies: ["Exchange", "Billing", "Sales", "Purchasing", "Warehouse", "Catalog", "Parties", "Demo", "TestSupport", "TestShop"]),
        .testTarget(name: "ERPServerTests", dependencies: ["ERPServer", "HTTP1", "TestSupport", "Catalog", "Parties", "Warehouse", "Sales", "Billing", "CRM"]),
        .testTarget(name: "WebTests", dependencies: ["Web", "ERPServer", "HTTP1", "TestSupport", "TestShop", "Catalog", "Parties", "Warehouse", "Sales", "Purchasing", "Reports"]),
        .testTarget(name: "IntegrationsTests", dependencies: ["Integrations", "Billing", "Sales", "Purchasing", "Warehouse", "Catalog", "Parties", "TestSupport", "TestShop"]),
        .testTarget(name: "ERPCLITests", dependencies: ["ERPCLI", "TestSupport", "Catalog", "Parties", "Warehouse", "Sales", "Billing", "CRM"]),
    ],
    swiftLanguageModes: [.v6]
)
