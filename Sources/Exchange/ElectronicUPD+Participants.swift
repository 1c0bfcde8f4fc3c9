// The UPD's participants (УчастникТип): seller, buyer, consignee — a company (СвЮЛУч) by its
// 10-digit INN, an individual entrepreneur (СвИП) by a 12-digit INN with the name split into
// surname, name and patronymic, and a private person without an INN (СвФЛУч) by name — each with
// the address the format requires of a VAT invoice. And the signer, the seller's director.

import Billing
import ERPCore

enum UPDParticipant {
    /// The participant element `name` for `party`; problems are reported under `field`.
    static func node(_ name: String, _ party: PartyRequisites, field: String, addressRequired: Bool,
                     problems: inout FieldErrors) -> XMLNode {
        var children = [XMLNode("ИдСв", children: [identity(party, field: field, problems: &problems)])]
        if let address = party.address?.trimmingCharacters(in: .whitespacesAndNewlines), !address.isEmpty {
            children.append(XMLNode("Адрес", children: [
                XMLNode("АдрИнф", ["КодСтр": "643", "НаимСтран": "Россия", "АдрТекст": String(address.prefix(500))]),
            ]))
        } else if addressRequired {
            problems.add(field + ".address", "the electronic UPD of a VAT payer needs the address")
        }
        return XMLNode(name, children: children)
    }

    /// `ИдСв`'s choice for `party`.
    private static func identity(_ party: PartyRequisites, field: String, problems: inout FieldErrors) -> XMLNode {
        switch party.inn?.count {
        case 10:
            return XMLNode("СвЮЛУч", ["НаимОрг": String(party.name.prefix(1000)), "ИННЮЛ": party.inn, "КПП": party.kpp])
        case 12:
            guard let person = fullName(party.name) else {
                problems.add(field + ".name", "an entrepreneur's name must read surname, name and patronymic: \(party.name)")
                return XMLNode("СвИП")
            }
            return XMLNode("СвИП", ["ИННФЛ": party.inn, "ОГРНИП": party.ogrn?.count == 15 ? party.ogrn : nil], children: [person])
        default:
            return XMLNode("СвФЛУч", ["ИныеСвед": String(party.name.prefix(255))])
        }
    }

    /// `Подписант`: the seller's director, whose powers are his office (СпосПодтПолном 1).
    static func signer(_ seller: PartyRequisites, problems: inout FieldErrors) -> XMLNode {
        guard let director = seller.director, let person = fullName(director) else {
            problems.add("seller.director", "the electronic UPD is signed by the company's director: set the director's full name")
            return XMLNode("Подписант")
        }
        return XMLNode("Подписант", ["Должн": "Руководитель", "СпосПодтПолном": "1"], children: [person])
    }

    /// `ФИО` from `Иванов Иван Иванович`, `ИП Иванов Иван` or `Иванов И. И.`; nil for fewer
    /// than two words.
    static func fullName(_ text: String) -> XMLNode? {
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.first == "ИП" { words.removeFirst() }
        guard words.count >= 2 else { return nil }
        let patronymic = words.count > 2 ? words[2...].joined(separator: " ") : nil
        return XMLNode("ФИО", ["Фамилия": String(words[0].prefix(60)), "Имя": String(words[1].prefix(60)),
                               "Отчество": patronymic.map { String($0.prefix(60)) }])
    }

    /// A participant's part of the file name: `INN-KPP`, the INN, or `0` for a person without one.
    static func fileParticipant(_ party: PartyRequisites) -> String {
        guard let inn = party.inn, !inn.isEmpty else { return "0" }
        return [inn, party.kpp].compactMap { $0 }.joined(separator: "-")
    }
}
