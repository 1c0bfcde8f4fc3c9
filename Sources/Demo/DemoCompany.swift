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
    /// What they sign in with.
    package var login: String
    /// Their full name.
    package var name: String
    /// Their role.
    package var role: Role
    /// What they do in the demo company ("склад SHOP").
    package var duty: String
}

/// The acting users and the warehouses of the demo company.
struct DemoCompany: Sendable {
    var owner: Principal
    /// Managers owning clients: Moscow corporate, Moscow retail and small business, St Petersburg.
    var managers: [Principal]
    /// A manager with `all_clients` who keeps the key accounts.
    var headOfSales: Principal
    var accountant: Principal
    /// Places the supplier orders the storekeepers receive against.
    var purchaser: Principal
    /// Who posts stock documents and ships in each warehouse.
    var keepers: [WarehouseID: Principal]
    /// The main warehouse (Podolsk), the Moscow shop and the St Petersburg warehouse.
    var main: Warehouse
    var shop: Warehouse
    var spb: Warehouse
    /// Everyone but the owner, for the closing summary.
    var logins: [DemoLogin]

    /// The password every demo user but the owner can sign in with.
    static let password = "demo-password"

    /// Our company's requisites: a checksum-valid Moscow LLC paying VAT, with the fictitious tax
    /// region 00 and bank of `DemoRequisites` so that no real company's numbers are printed.
    static let settings = CompanySettings(
        kind: .company, name: "ООО «СтройИнструмент»", inn: "0077012344", kpp: "007701001", ogrn: "1020007701230",
        address: "117342, г. Москва, ул. Профсоюзная, д. 65, корп. 1, офис 412",
        bank: BankDetails(bic: "040000950", account: "40702810038000012345", name: "АО «Демо-Банк»",
                          corrAccount: "30101810400000000950"),
        director: "Лебедев А. В.", chiefAccountant: "Попова Е. С.", phone: "+7 (495) 120-45-67", email: "info@stroyinstrument.ru",
        vatPayer: true, pricesIncludeVAT: true)

    /// The staff, in the order `found` hires them: head of sales, three managers, three storekeepers, the accountant.
    static let staff = [
        DemoLogin(login: "dmitry", name: "Дмитрий Орлов", role: .manager, duty: "руководитель отдела продаж, видит всех клиентов"),
        DemoLogin(login: "anna", name: "Анна Смирнова", role: .manager, duty: "менеджер: строительные компании Москвы"),
        DemoLogin(login: "boris", name: "Борис Кузнецов", role: .manager, duty: "менеджер: розница и ИП"),
        DemoLogin(login: "vera", name: "Вера Соколова", role: .manager, duty: "менеджер: Санкт-Петербург"),
        DemoLogin(login: "kirill", name: "Кирилл Волков", role: .storekeeper, duty: "кладовщик, все склады (основной)"),
        DemoLogin(login: "oleg", name: "Олег Морозов", role: .storekeeper, duty: "кладовщик магазина (только SHOP)"),
        DemoLogin(login: "sergey", name: "Сергей Павлов", role: .storekeeper, duty: "кладовщик в Петербурге (только SPB)"),
        DemoLogin(login: "elena", name: "Елена Попова", role: .accountant, duty: "бухгалтер: документы и оплаты"),
        DemoLogin(login: "pavel", name: "Павел Зайцев", role: .purchaser, duty: "закупщик: заказы поставщикам"),
    ]

    /// Refuses, before anything is written, an installation where a demo login is taken already.
    /// - Throws: `ERPError.duplicate` naming the user; translated database failures.
    static func requireFreeLogins(on connection: Connection) throws(ERPError) {
        for member in staff {
            do throws(ERPError) {
                let user = try Users.find(login: member.login, by: .system(channel: .demo), on: connection)
                throw ERPError.duplicate(entity: "user", field: "login", existingID: user.id.rawValue)
            } catch .notFound {
                continue
            }
        }
    }

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

        func hire(_ index: Int, allClients: Bool? = nil, scope: [WarehouseID]? = nil) throws -> Principal {
            let member = staff[index]
            let command = NewUser(login: member.login, name: member.name, role: member.role, allClients: allClients,
                                  warehouseScope: scope?.map(\.rawValue), password: password)
            return try Users.add(command, by: owner, channel: .demo, on: connection).principal(channel: .demo)
        }
        let headOfSales = try hire(0, allClients: true)
        let managers = [try hire(1), try hire(2), try hire(3)]
        let kirill = try hire(4)
        let oleg = try hire(5, scope: [shop.id])
        let sergey = try hire(6, scope: [spb.id])
        let accountant = try hire(7)
        let purchaser = try hire(8)
        return DemoCompany(owner: owner, managers: managers, headOfSales: headOfSales, accountant: accountant, purchaser: purchaser,
                           keepers: [main.id: kirill, shop.id: oleg, spb.id: sergey], main: main, shop: shop, spb: spb,
                           logins: staff)
    }

    /// Who posts documents and ships in `warehouse`.
    func keeper(of warehouse: WarehouseID) -> Principal {
        keepers[warehouse] ?? owner
    }

    /// The storekeeper who may work in every warehouse (transfers need both ends).
    var chiefKeeper: Principal { keeper(of: main.id) }

    /// All three warehouses, main first.
    var warehouses: [Warehouse] { [main, shop, spb] }
}
