// Natural keys in request bodies: an integrator knows the client's INN, the product's SKU or
// barcode and the warehouse's code, not our ids. A body schema declares which of its id fields
// may be given that way; `NaturalKeys.extend` publishes the extra fields in `/openapi.json`, and
// `NaturalKeys.resolve` (NaturalKeys+Resolve.swift) turns them into ids through the owning
// modules' facades before the command struct is decoded — so every service sees ids only, and
// a body with ids alone behaves exactly as before.
//
//   party `client`        client_id   | client_inn (+ client_kpp when the INN has several KPPs)
//   warehouse `warehouse` warehouse_id | warehouse_code
//   lines `lines`         each line's product_id | sku | barcode

import ERPCore

/// Which id fields of a request body may be given by natural key instead.
package struct NaturalKeys: Sendable {
    /// Party fields by prefix: `client` is `client_id`, or `client_inn` (+ `client_kpp`).
    package var parties: [String] = []
    /// Warehouse fields by prefix: `from_warehouse` is `from_warehouse_id` or `from_warehouse_code`.
    package var warehouses: [String] = []
    /// Arrays of lines whose items name a product by `product_id`, `sku` or `barcode`.
    package var lines: [String] = []

    /// Keys for these fields.
    package init(parties: [String] = [], warehouses: [String] = [], lines: [String] = []) {
        self.parties = parties
        self.warehouses = warehouses
        self.lines = lines
    }

    /// No natural keys: the body is decoded as sent.
    package static let none = NaturalKeys()

    /// Whether any field may be given by natural key.
    var isEmpty: Bool { parties.isEmpty && warehouses.isEmpty && lines.isEmpty }

    /// `schema` (a closed object, see `BodySchema.object`) with the key fields added beside
    /// their ids, and the ids no longer required (either form will do; the resolver insists on one).
    func extend(_ schema: JSONValue) -> JSONValue {
        guard !isEmpty else { return schema }
        var added: [String: JSONValue] = [:]
        var optional: Set<String> = []
        for party in parties {
            added["\(party)_inn"] = BodySchema.nullable(BodySchema.line(12))
            added["\(party)_kpp"] = BodySchema.nullable(BodySchema.line(9))
            optional.insert("\(party)_id")
        }
        for warehouse in warehouses {
            added["\(warehouse)_code"] = BodySchema.nullable(BodySchema.line(32))
            optional.insert("\(warehouse)_id")
        }
        var object = Self.adding(added, optional: optional, to: schema)
        for name in lines {
            object = Self.changingProperty(name, of: object) { array in
                Self.changingMember("items", of: array) { item in
                    Self.adding(["sku": BodySchema.nullable(BodySchema.line(64)), "barcode": BodySchema.nullable(BodySchema.line(64))],
                                optional: ["product_id"], to: item)
                }
            }
        }
        return object
    }

    /// `object` with `properties` added and the `optional` names dropped from `required`
    /// (which become nullable, as every optional property is).
    private static func adding(_ properties: [String: JSONValue], optional: Set<String>, to object: JSONValue) -> JSONValue {
        guard case .object(var members) = object, case .object(var known)? = members["properties"],
              case .array(let required)? = members["required"] else { return object }
        for (name, schema) in properties { known[name] = schema }
        for name in optional where required.contains(.string(name)) {
            known[name] = known[name].map(BodySchema.nullable)
        }
        members["properties"] = .object(known)
        members["required"] = .array(required.filter { !optional.contains($0.stringValue ?? "") })
        return .object(members)
    }

    private static func changingProperty(_ name: String, of object: JSONValue, _ change: (JSONValue) -> JSONValue) -> JSONValue {
        changingMember("properties", of: object) { properties in changingMember(name, of: properties, change) }
    }

    private static func changingMember(_ name: String, of object: JSONValue, _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard case .object(var members) = object, let member = members[name] else { return object }
        members[name] = change(member)
        return .object(members)
    }
}
