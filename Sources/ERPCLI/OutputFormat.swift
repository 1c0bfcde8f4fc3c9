// The one `--format` choice of the commands that print a report: a terminal table (default), the
// CSV file the API's `?format=csv` gives (audited by the service that hands it out), or the API's JSON.

import ERPCore

/// How a report command prints its result.
enum OutputFormat: String, CaseIterable {
    case table, csv, json

    /// `--format table|csv|json`, as every report command declares it.
    static let option = OptionSpec.value("format", "FORMAT", summary: "table (default), csv or json")

    /// The `--format` given (default `table`); anything else is recorded in `problems`.
    static func chosen(_ arguments: ParsedArguments, problems: inout FieldErrors) -> OutputFormat {
        CommandSupport.parsed(arguments, "format", "table, csv or json", problems: &problems, OutputFormat.init(rawValue:)) ?? .table
    }
}
