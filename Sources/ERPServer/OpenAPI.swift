// `GET /openapi.json`: an OpenAPI 3.1 document built from the route table, so it cannot forget a
// route. Each route contributes its summary, access rule, path and query parameters (from the
// same declarations the query check enforces), its request body (the `BodySchema` the decoder
// enforces) and its statuses; response schemas come from the route groups plus the hand-written
// ones below (the error envelope).

import ERPCore
import HTTP1

/// Builds the OpenAPI 3.1 description of the registered routes.
package enum OpenAPIDocument {
    /// The document for `routes`, with `schemas` (from the route groups) in `components.schemas`.
    package static func build(routes: [Route], schemas: [String: JSONValue], title: String, version: String) -> JSONValue {
        let routes = routes.filter(\.isDocumented)
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        var allSchemas = builtInSchemas
        for (name, schema) in schemas { allSchemas[name] = schema }
        for route in routes { if let body = route.request { allSchemas[body.name] = body.schema } }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object(["title": .string(title), "version": .string(version)]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(allSchemas),
                "securitySchemes": .object(["bearerAuth": .object(["type": .string("http"), "scheme": .string("bearer")])]),
                "responses": .object(["Error": errorResponse]),
            ]),
        ])
    }

    /// Every `$ref` in `document` that does not resolve within it (empty for a sound document).
    package static func unresolvedReferences(in document: JSONValue) -> [String] {
        var missing: [String] = []
        func visit(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if case .string(let reference)? = members["$ref"], resolve(reference, in: document) == nil {
                    missing.append(reference)
                }
                members.values.forEach(visit)
            case .array(let items): items.forEach(visit)
            default: break
            }
        }
        visit(document)
        return missing
    }

    private static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var current: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { current = current?[String(part)] }
        return current
    }

    private static func operation(_ route: Route) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "operationId": .string(operationID(route)),
        ]
        let pattern = try? RoutePattern(parsing: route.path)
        let path = (pattern?.parameterNames ?? []).map { name -> JSONValue in
            .object(["name": .string(name), "in": .string("path"), "required": .bool(true),
                     "schema": NumberedPaths.schema(of: name, in: pattern)])
        }
        let query = route.query.map { parameter -> JSONValue in
            .object(["name": .string(parameter.name), "in": .string("query"), "required": .bool(false),
                     "description": .string(parameter.summary), "schema": schema(of: parameter.kind)])
        }
        if !(path + query).isEmpty { operation["parameters"] = .array(path + query) }
        switch route.access {
        case .public, .page:
            operation["security"] = .array([])
        case .permission(let permission):
            operation["security"] = .array([.object(["bearerAuth": .array([])])])
            operation["x-permission"] = .string(permission.rawValue)
        }
        if let request = route.request {
            operation["requestBody"] = .object([
                "required": .bool(request.isRequired),
                "content": .object([request.contentType: .object(["schema": reference(request.name)])]),
            ])
        }
        var success: [String: JSONValue] = ["description": .string(route.summary)]
        var content: [String: JSONValue] = [:]
        for type in route.produces {
            if type == Route.json {
                if let response = route.responseSchema { content[type] = .object(["schema": reference(response)]) }
            } else {
                content[type] = .object(["schema": .object(["type": .string("string")])])
            }
        }
        if !content.isEmpty { success["content"] = .object(content) }
        var responses: [String: JSONValue] = [String(route.successStatus): .object(success)]
        var errors = ["400", "404", "503"]
        if case .permission = route.access { errors += ["401", "403"] }
        if !route.query.isEmpty || route.request != nil { errors.append("422") }
        if route.request != nil { errors += ["409", "413"] }
        for status in errors { responses[status] = .object(["$ref": .string("#/components/responses/Error")]) }
        responses["default"] = .object(["$ref": .string("#/components/responses/Error")])
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    /// The JSON Schema of a query parameter's declaration.
    private static func schema(of kind: QueryParameter.Kind) -> JSONValue {
        switch kind {
        case .integer(let bounds):
            return BodySchema.integer(Int64(bounds.lowerBound)...Int64(bounds.upperBound))
        case .id:
            return BodySchema.id
        case .boolean:
            return BodySchema.boolean
        case .date:
            return BodySchema.date
        case .timestamp:
            return .object(["anyOf": .array([BodySchema.timestamp, BodySchema.date])])
        case .enumeration(let words):
            return BodySchema.words(words)
        case .text(let maxLength):
            return BodySchema.line(maxLength)
        }
    }

    private static func reference(_ schema: String) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(schema)")])
    }

    /// `get_api_v1_products_id`: unique per method and pattern.
    private static func operationID(_ route: Route) -> String {
        let words = route.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return ([route.method.rawValue.lowercased()] + words.map(String.init)).joined(separator: "_")
    }

    private static let errorResponse: JSONValue = .object([
        "description": .string("An error in the envelope {\"error\": {\"code\", \"message\", \"details\"}}; the codes are listed in docs/http.md."),
        "content": .object(["application/json": .object(["schema": reference("Error")])]),
    ])

    /// The hand-written schemas every document has: the error envelope, the system routes', and
    /// the report every CSV import answers with (ERPCore's `ImportReport`).
    static let builtInSchemas: [String: JSONValue] = [
        "Error": .object([
            "type": .string("object"),
            "required": .array([.string("error")]),
            "properties": .object(["error": .object([
                "type": .string("object"),
                "required": .array(["code", "message", "details"].map { .string($0) }),
                "properties": .object([
                    "code": .object(["type": .string("string"),
                                     "enum": .array(ERPError.Code.allCases.map { .string($0.rawValue) })]),
                    "message": .object(["type": .string("string")]),
                    "details": .object(["type": .string("object")]),
                ]),
            ])]),
        ]),
        "ImportReport": JSONValue.objectSchema(["created": "integer", "updated": "integer", "unchanged": "integer",
                                                "dry_run": "boolean"]),
        "Status": .object([
            "type": .string("object"),
            "required": .array([.string("status")]),
            "properties": .object(["status": .object(["type": .string("string")])]),
        ]),
    ]
}

extension JSONValue {
    /// An OpenAPI object schema of a response: property name → JSON type (`"string"`,
    /// `"integer"`, …); every property may also be `null` (an absent optional value).
    package static func objectSchema(_ properties: [String: String], required: [String] = []) -> JSONValue {
        .object([
            "type": .string("object"),
            "properties": .object(properties.mapValues { .object(["type": .array([.string($0), .string("null")])]) }),
            "required": .array(required.map { .string($0) }),
        ])
    }
}
