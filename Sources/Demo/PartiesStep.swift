// The demo's counterparties. Suppliers (one per group of subcategories) are entered by the
// accountant; clients — building companies, entrepreneurs and private persons — by the manager
// who owns them: Moscow companies by Anna, the shop's people and entrepreneurs by Boris,
// St Petersburg by Vera, the key accounts by the head of sales. Four in five clients exist when
// the history starts; the rest arrive during it. Requisites are checksum-valid.

import ERPCore
import Parties

/// Creates suppliers, clients and their contact people.
final class PartiesStep: DemoStep {
    let title = "parties"
    /// Clients still to come, by the day index they arrive on.
    private var arrivals: [Int: [Int]] = [:]
    /// The INNs handed out so far: five random digits of a region repeat now and then in a year's
    /// hundreds of companies, and a party's INN (with its KPP) is unique.
    private var usedINNs: Set<String> = []

    /// Suppliers: name, e-mail domain, tax region and the subcategories they deliver.
    static let suppliers: [(name: String, domain: String, region: String, categories: Set<String>)] = [
        ("ООО «ИнструментОпт»", "instrumentopt.ru", "77", ["PT", "MT", "HT"]),
        ("ООО «ТД Метиз-Центр»", "metiz-center.ru", "77", ["FS", "AN", "AC"]),
        ("АО «СтройРесурс»", "stroyresurs.ru", "50", ["DM", "SH", "IN", "TM"]),
        ("ООО «Колор-Трейд»", "color-trade.ru", "77", ["PA", "PR", "SE"]),
        ("ООО «ЭлектроКомплект»", "elkomplekt.ru", "77", ["CB", "EL", "LT"]),
        ("ООО «АкваТехника»", "aquatekhnika.ru", "78", ["PI", "MX", "PP", "BK"]),
        ("ООО «Ручной Инструмент»", "rinstrument.ru", "50", ["HT", "AC"]),
        ("ООО «ЛесТорг»", "lestorg.ru", "47", ["TM"]),
        ("ООО «Метизы Северо-Запад»", "metizy-sz.ru", "78", ["FS", "AN"]),
        ("ООО «БалтСтройМатериалы»", "baltsm.ru", "78", ["DM", "SH"]),
        ("ООО «ТеплоИзол»", "teploizol.ru", "50", ["IN"]),
        ("ООО «Спецзащита»", "speczaschita.ru", "47", ["PP"]),
    ]

    init() {}

    func setUp(_ demo: DemoState) throws {
        for supplier in Self.suppliers.prefix(demo.plan.suppliers) {
            demo.tick()
            var random = demo.random
            let inn = freshINN(using: &random) { DemoRequisites.companyINN(region: supplier.region, using: &$0) }
            let party = try PartiesService(time: demo.clock.time).create(NewParty(
                kind: .company, name: supplier.name, isSupplier: true, inn: inn, kpp: DemoRequisites.kpp(forINN: inn),
                ogrn: DemoRequisites.ogrn(kind: .company, region: supplier.region, using: &random),
                address: DemoNames.address(region: supplier.region, &random),
                bank: DemoRequisites.account(at: random.pick(DemoRequisites.banks), kind: .company, using: &random),
                phones: [DemoNames.phone(region: supplier.region, mobile: false, &random)], emails: ["sales@" + supplier.domain],
                tags: ["поставщик"]), by: demo.company.accountant, on: demo.connection)
            demo.random = random
            demo.suppliers.append(DemoSupplier(id: party.id, name: party.name, categories: supplier.categories))
            demo.tally.suppliers += 1
        }
        let days = demo.clock.days.count
        for index in 0..<demo.plan.clients {
            if index >= demo.plan.clients * 4 / 5 {
                arrivals[demo.random.int(in: 1...max(1, days - 1)), default: []].append(index)
            } else {
                try createClient(index, demo)
            }
        }
    }

    /// An INN from `draw` that no party of the demo has yet, drawing again on a repeat.
    private func freshINN(using random: inout DemoRandom, _ draw: (inout DemoRandom) -> String) -> String {
        while true {
            let inn = draw(&random)
            if usedINNs.insert(inn).inserted { return inn }
        }
    }

    /// New clients arriving today.
    func day(_ demo: DemoState) throws {
        for index in arrivals[demo.clock.dayIndex] ?? [] { try createClient(index, demo) }
    }

    /// Creates client number `index` as the manager who will own it, with its contacts.
    private func createClient(_ index: Int, _ demo: DemoState) throws {
        demo.tick()
        var random = demo.random
        defer { demo.random = random }
        let company = demo.company
        // The first client is the company's biggest account: a Moscow developer placing about a
        // tenth of all orders (the client card with a thousand orders that benchmarks look at).
        let anchor = index == 0
        let roll = anchor ? 0 : random.int(in: 0...99)
        let kind: PartyKind = roll < 65 ? .company : .person
        let retail = roll >= 80
        let region = anchor ? "77" : retail ? random.pick(["77", "77", "50"]) : random.pick(["77", "77", "77", "50", "50", "78", "78", "47"])
        let petersburg = region == "78" || region == "47"
        let key = anchor || (kind == .company && !petersburg && random.chance(8))
        let manager = key ? company.headOfSales : petersburg ? company.managers[2] : kind == .person ? company.managers[1] : company.managers[0]
        var command = NewParty(kind: kind, name: "", isClient: true, address: DemoNames.address(region: region, &random))
        var contacts: [NewContact] = []
        if kind == .company {
            let name = DemoNames.company(&random)
            command.name = (random.chance(12) ? "АО " : "ООО ") + name.name
            let inn = freshINN(using: &random) { DemoRequisites.companyINN(region: region, using: &$0) }
            command.inn = inn
            command.kpp = DemoRequisites.kpp(forINN: inn)
            command.ogrn = DemoRequisites.ogrn(kind: .company, region: region, using: &random)
            command.phones = [DemoNames.phone(region: region, mobile: false, &random)]
            command.emails = ["info@" + name.domain]
            if random.chance(85) { command.bank = DemoRequisites.account(at: random.pick(DemoRequisites.banks), kind: .company, using: &random) }
            command.tags = key ? ["опт", "ключевой клиент"] : [random.pick(["опт", "строительная компания", "ремонт", "отделка"])]
            for _ in 0..<random.int(in: 1...2) {
                let person = DemoNames.person(&random)
                contacts.append(NewContact(name: person.full, position: random.pick(DemoNames.positions),
                                           phones: [DemoNames.phone(region: region, mobile: true, &random)],
                                           emails: ["\(DemoNames.mailbox(first: person.first, surname: person.surname))@\(name.domain)"]))
            }
        } else {
            let person = DemoNames.person(&random)
            let mobile = DemoNames.phone(region: region, mobile: true, &random)
            let mail = DemoNames.mailbox(first: person.first, surname: person.surname) + random.pick(["@mail.ru", "@yandex.ru", "@gmail.com"])
            command.phones = [mobile]
            if retail {
                command.name = person.full
                if random.chance(50) { command.inn = freshINN(using: &random) { DemoRequisites.personINN(region: region, using: &$0) } }
                if random.chance(50) { command.emails = [mail] }
                command.tags = ["розница"]
            } else {
                command.name = "ИП " + person.full
                command.inn = freshINN(using: &random) { DemoRequisites.personINN(region: region, using: &$0) }
                command.ogrn = DemoRequisites.ogrn(kind: .person, region: region, using: &random)
                command.emails = [mail]
                if random.chance(70) { command.bank = DemoRequisites.account(at: random.pick(DemoRequisites.banks), kind: .person, using: &random) }
                command.tags = ["ип"]
            }
        }
        let party = try PartiesService(time: demo.clock.time).create(command, by: manager, on: demo.connection)
        for contact in contacts {
            _ = try PartiesService(time: demo.clock.time).addContact(contact, to: party.id, by: manager, on: demo.connection)
            demo.tally.contacts += 1
        }
        let habit: PayerHabit = retail ? .cash : {
            let draw = random.int(in: 0...99)
            return draw < 55 ? .prompt : draw < 80 ? .slow : draw < 92 ? .partial : .defaulter
        }()
        let warehouse = petersburg ? company.spb.id : retail || (kind == .person && random.chance(40)) ? company.shop.id : company.main.id
        let deliveryName = petersburg ? "Доставка по Санкт-Петербургу" : region == "50" ? "Доставка по Московской области" : "Доставка по Москве"
        demo.clients.append(DemoClient(
            id: party.id, name: party.name, retail: retail, manager: manager, warehouse: warehouse, habit: habit,
            weight: retail ? Int64(random.int(in: 12...30)) : kind == .person ? Int64(random.int(in: 3...12))
                : anchor ? Int64(demo.plan.clients) * 5 / 2 : Int64(random.int(in: 5...40)) * (key ? 5 : 1),
            discount: key ? 500 : random.chance(20) ? 300 : 0,
            delivery: retail ? nil : demo.products.firstIndex { $0.name == deliveryName }))
        demo.tally.clients += 1
    }
}
