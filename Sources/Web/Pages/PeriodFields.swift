// The period part of a filter form — a named period (this month, last month, …) and the first and
// last day — shared by the report pages and the documents list, so both offer the same presets in
// the same words and keep what was typed when a date is wrong.

import ERPCore
import Reports

/// The preset, from and to fields of a GET filter form.
struct PeriodFields {
    /// The preset chosen (`PeriodPreset` raw value), "" for "any period" where a form offers it.
    var preset: String
    /// What the date fields show: the period's days, or the text typed when it was not a date.
    var from: String
    var to: String
    /// Messages under the date fields.
    var errors = FormErrors()

    /// The fields as markup; `anyPeriod` labels an extra first choice meaning no period at all.
    func html(anyPeriod: String? = nil, _ context: PageContext) -> HTML {
        let choices = (anyPeriod.map { [("", $0)] } ?? []) + PeriodPreset.allCases.map { ($0.rawValue, context.owner(.preset($0.rawValue))) }
        return """
            <div><label for="preset">\(context.owner(.period))</label><select id="preset" name="preset">\
            \(SalesFormat.options(choices, selected: preset))</select></div>
            <div><label for="from">\(context.owner(.from))</label><input id="from" name="from" type="date" value="\(from)"\
            \(errors.attributes(for: "from"))>\(errors.message(for: "from"))</div>
            <div><label for="to">\(context.owner(.to))</label><input id="to" name="to" type="date" value="\(to)"\
            \(errors.attributes(for: "to"))>\(errors.message(for: "to"))</div>
            """
    }
}
