// `--client INN|ID` (with `--client-kpp`): a client named on the command line the way a person
// names it, resolved through Parties' natural-key lookup exactly as `erp order create` resolves
// it. An INN several parties share needs the KPP; a name is not taken (docs/decisions.md,
// "Integrations": a mistyped prefix must not record money against the wrong client).

import ERPCore
import Parties
import Postgres

extension CommandSupport {
    /// `--client-kpp KPP`: which of the parties sharing an INN.
    static let clientKPP = OptionSpec.value("client-kpp", "KPP", summary: "The client's KPP, when several parties share the INN")

    /// `--client INN|ID`, described by `summary` (what the client is to the command).
    static func clientOption(_ summary: String, required: Bool = false) -> OptionSpec {
        .value("client", "INN|ID", summary: summary + ": its INN (10 or 12 digits) or party id", required: required)
    }

    /// The party `reference` names: an INN (with `--client-kpp` when several parties share it) or an id.
    /// - Throws: `ERPError.validationFailed` naming `client_inn`/`client_kpp` (no such INN, or an
    ///   ambiguous one without KPP); `.notFound` for text that is neither; `.forbidden`.
    static func client(_ reference: String, _ arguments: ParsedArguments, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> PartyID {
        try PartiesService().party(reference, kpp: arguments.value("client-kpp"), field: "client", by: principal, on: connection)
    }

    /// The party `--client` names, nil when the option is absent; see `client(_:_:by:on:)`.
    /// - Throws: as `client(_:_:by:on:)`.
    static func client(_ arguments: ParsedArguments, by principal: Principal, on connection: Connection) throws(ERPError) -> PartyID? {
        guard let reference = arguments.value("client") else { return nil }
        return try client(reference, arguments, by: principal, on: connection)
    }
}
