// The demo company itself, founded before any step runs: its requisites (CompanySettings), its
// three warehouses and its people — the owner, a head of sales who sees every client, three
// managers, three storekeepers (two of them kept to their own warehouse) and an accountant.
// Every demo user gets the same password so the web pages can be tried as each of them.

import ERPCore
import Foundation
import Postgres
import Warehouse

/// A demo user as `erp demo` lists them at the end.
package struct DemoLogin: Codable, Sendable, Equatable {
    package var login: String
    package var name: String
    package var role: Role
    /// What they do in the demo company ("склад SHOP").
    package var duty: String
}

/// The acting users and the warehouses of the demo company.
package struct DemoCompany: Sendable {
    package var owner: Principal
    /// Managers owning clients: Moscow corporate, Moscow retail and small business, St Petersburg.
    package var managers: [Principal]
    /// A manager with `all_clients` who keeps the key accounts.
    package var headOfSales: Principal
    package var accountant: Principal
    /// Who posts stock documents and ships in each warehouse.
    package var keepers: [WarehouseID: Principal]
    /// The main warehouse (Podolsk), the Moscow shop and the St Petersburg warehouse.
    package var main: Warehouse
    package var shop: Warehouse
    package var spb: Warehouse
    /// Everyone but the owner, for the closing summary.
    package var logins: [DemoLogin]

    /// The password every demo user but the owner can sign in with.
    package static let password = "demo-password"

    /// Our company's requisites: a real-looking, checksum-valid Moscow LLC paying VAT.
    static let settings = CompanySettings(
        kind: .company, name: "ООО «СтройИнструмент»", inn: "7736207543", kpp: "773601001", ogrn: "1027700132195",
        address: "117342, г. Москва, ул. Профсоюзная, д. 65, корп. 1, офис 412",
        bank: BankDetails(bic: "044525225", account: "40702810938000012345", name: "ПАО Сбербанк",
                          corrAccount: "30101810400000000225"),
        director: "Лебедев А. В.", chiefAccountant: "Попова Е. С.", phone: "+7 (495) 120-45-67", email: "info@stroyinstrument.ru",
        vatPayer: true, pricesIncludeVAT: true)

    /// Saves the settings, creates the warehouses and the staff, all as `owner` at `time`.
    /// - Throws: `ERPError` from the services (`duplicate` when a demo login is taken by another role).
    static func found(by owner: Principal, time: TimeSource, on connection: Connection) throws -> DemoCompany {
        let current = try CompanySettings.get(by: owner, on: connection)
        var settings = settings
        settings.version = current.version
        _ = try CompanySettings.save(settings, by: owner, on: connection)

        let warehouses = WarehouseService(time: time)
        let main = try warehouses.create(NewWarehouse(code: "MAIN", name: "Основной склад (Подольск)",
                                                      address: "142100, Московская обл., г. Подольск, ул. Станционная, д. 18"),
                                         by: owner, on: connection)
        let shop = try warehouses.create(NewWarehouse(code: "SHOP", name: "Магазин на Каширском шоссе",
                                                      address: "115230, г. Москва, Каширское ш., д. 12, стр. 3"),
                                         by: owner, on: connection)
        let spb = try warehouses.create(NewWarehouse(code: "SPB", name: "Склад Санкт-Петербург",
                                                     address: "192102, г. Санкт-Петербург, ул. Салова, д. 44"),
                                        by: owner, on: connection)

        var logins: [DemoLogin] = []
        func hire(_ login: String, _ name: String, _ role: Role, _ duty: String, allClients: Bool? = nil,
                  scope: [WarehouseID]? = nil) throws -> Principal {
            logins.append(DemoLogin(login: login, name: name, role: role, duty: duty))
            let command = NewUser(login: login, name: name, role: role, allClients: allClients,
                                  warehouseScope: scope?.map(\.rawValue), password: password)
            return try Users.add(command, by: owner, channel: .demo, on: connection).principal(channel: .demo)
        }
        let headOfSales = try hire("dmitry", "Дмитрий Орлов", .manager, "руководитель отдела продаж, видит всех клиентов",
                                   allClients: true)
        let managers = [
            try hire("anna", "Анна Смирнова", .manager, "менеджер: строительные компании Москвы"),
            try hire("boris", "Борис Кузнецов", .manager, "менеджер: розница и ИП"),
            try hire("vera", "Вера Соколова", .manager, "менеджер: Санкт-Петербург"),
        ]
        let kirill = try hire("kirill", "Кирилл Волков", .storekeeper, "кладовщик, все склады (основной)")
        let oleg = try hire("oleg", "Олег Морозов", .storekeeper, "кладовщик магазина (только SHOP)", scope: [shop.id])
        let sergey = try hire("sergey", "Сергей Павлов", .storekeeper, "кладовщик в Петербурге (только SPB)", scope: [spb.id])
        let accountant = try hire("elena", "Елена Попова", .accountant, "бухгалтер: документы и оплаты")
        return DemoCompany(owner: owner, managers: managers, headOfSales: headOfSales, accountant: accountant,
                           keepers: [main.id: kirill, shop.id: oleg, spb.id: sergey], main: main, shop: shop, spb: spb,
                           logins: logins)
    }

    /// Who posts documents and ships in `warehouse`.
    package func keeper(of warehouse: WarehouseID) -> Principal {
        keepers[warehouse] ?? owner
    }

    /// The storekeeper who may work in every warehouse (transfers need both ends).
    package var chiefKeeper: Principal { keeper(of: main.id) }

    /// All three warehouses, main first.
    package var warehouses: [Warehouse] { [main, shop, spb] }
}
