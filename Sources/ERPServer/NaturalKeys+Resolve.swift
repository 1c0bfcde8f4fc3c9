// Turning a body's natural keys into ids (see NaturalKeys.swift). Each kind of key is looked up
// by the module that owns it, all keys of a kind in one query: the parties by INN/KPP, the
// warehouses by code, the products by SKU and barcode. Every problem is reported at once, as a
// 422 naming its field: an unknown key, a KPP needed to choose among an INN's parties, or a key
// and an id that name different things.

import Catalog
import ERPCore
import Parties
import Postgres
import Warehouse

extension NaturalKeys {
    /// `body` with every natural key replaced by the id it names, as `principal` sees things.
    /// - Throws: `ERPError.validationFailed` naming each key that names nothing (or something
    ///   other than the id beside it); `.forbidden` when the user may not read what a key names.
    func resolve(_ body: JSONValue, by principal: Principal, on connection: Connection) throws(ERPError) -> JSONValue {
        guard !isEmpty, case .object(var members) = body else { return body }
        var problems = FieldErrors()
        for party in parties {
            guard let inn = members["\(party)_inn"]?.stringValue else {
                if members["\(party)_kpp"]?.stringValue != nil { problems.add("\(party)_kpp", "give \(party)_inn with \(party)_kpp") }
                continue
            }
            do throws(ERPError) {
                let id = try PartiesService().party(inn: inn, kpp: members["\(party)_kpp"]?.stringValue, field: party,
                                                    by: principal, on: connection)
                Self.settle(&members, id: "\(party)_id", to: id.rawValue, key: "\(party)_inn", naming: "party", problems: &problems)
            } catch .validationFailed(let fields) {
                for (field, message) in fields { problems.add(field, message) }
            }
            (members["\(party)_inn"], members["\(party)_kpp"]) = (nil, nil)
        }
        let codes = warehouses.compactMap { members["\($0)_code"]?.stringValue }
        let warehouseIDs = try codes.isEmpty ? [:] : WarehouseService().warehouseIDs(codes: codes, by: principal, on: connection)
        for warehouse in warehouses {
            guard let code = members["\(warehouse)_code"]?.stringValue else { continue }
            if let id = warehouseIDs[code] {
                Self.settle(&members, id: "\(warehouse)_id", to: id.rawValue, key: "\(warehouse)_code", naming: "warehouse", problems: &problems)
            } else {
                problems.add("\(warehouse)_code", "no warehouse has code \(code)")
            }
            members["\(warehouse)_code"] = nil
        }
        for name in lines {
            guard case .array(let items)? = members[name] else { continue }
            members[name] = .array(try Self.resolveLines(items, field: name, problems: &problems, by: principal, on: connection))
        }
        try problems.throwIfAny()
        return .object(members)
    }

    /// The lines with `sku`/`barcode` replaced by `product_id`.
    private static func resolveLines(_ items: [JSONValue], field: String, problems: inout FieldErrors, by principal: Principal,
                                     on connection: Connection) throws(ERPError) -> [JSONValue] {
        let skus = items.compactMap { $0["sku"]?.stringValue }
        let barcodes = items.compactMap { $0["barcode"]?.stringValue }
        guard !skus.isEmpty || !barcodes.isEmpty else { return items }
        let found = try CatalogService().productIDs(skus: skus, barcodes: barcodes, by: principal, on: connection)
        return items.enumerated().map { index, item in
            guard case .object(var line) = item else { return item }
            let path = "\(field)[\(index)]"
            for (key, known, kind) in [("sku", found.bySKU, "SKU"), ("barcode", found.byBarcode, "barcode")] {
                guard let value = line[key]?.stringValue else { continue }
                if let id = known[value] {
                    settle(&line, id: "product_id", to: id.rawValue, key: "\(path).\(key)", naming: "product", problems: &problems)
                } else {
                    problems.add("\(path).\(key)", "no product has \(kind) \(value)")
                }
                line[key] = nil
            }
            return .object(line)
        }
    }

    /// Sets `members[id]` to what key `key` named, unless an id given beside it (or named by an
    /// earlier key) disagrees.
    private static func settle(_ members: inout [String: JSONValue], id: String, to value: Int64, key: String, naming entity: String,
                               problems: inout FieldErrors) {
        if let given = members[id], given != .null, given != .number(value) {
            problems.add(key, "names \(entity) \(value), not the \(entity) \(given) given beside it")
            return
        }
        members[id] = .number(value)
    }
}
