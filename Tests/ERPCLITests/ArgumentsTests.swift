import ERPCore
import Testing

@testable import ERPCLI

/// A small `erp` tree shaped like CLI.md's.
private let erp = CommandSpec(
    name: "erp", summary: "Warehouse ERP administration.",
    options: [.flag("version", summary: "Print the version and exit")],
    subcommands: [
        CommandSpec(
            name: "stock", summary: "Stock documents and levels.",
            subcommands: [
                CommandSpec(
                    name: "receive", summary: "Post a receipt: goods arrive at a warehouse.",
                    options: [
                        .value("warehouse", "CODE", summary: "Warehouse receiving the goods", required: true),
                        .repeatable("line", "SKU:QTY:COST", summary: "A received line", required: true),
                        .value("supplier", "ID", summary: "Supplier party id"),
                        .value("qty", "QTY", summary: "Default quantity"),
                        .value("note", "TEXT", summary: "A free-text note printed on the receipt and kept in the audit log with the document, wrapped if long"),
                        .value("a-very-long-option-name-indeed", "PLACEHOLDER", summary: "Shows the summary on its own line"),
                        .flag("json", summary: "Print the receipt as JSON"),
                    ]),
                CommandSpec(
                    name: "levels", summary: "Show stock levels.",
                    options: [.value("warehouse", "CODE", summary: "Only this warehouse"), .flag("json", summary: "JSON output")]),
            ]),
        CommandSpec(
            name: "backup", summary: "Dump the database to a file.",
            positionals: [PositionalSpec("FILE", summary: "Where to write the dump")]),
        CommandSpec(
            name: "import", summary: "Import files.",
            positionals: [
                PositionalSpec("KIND", summary: "products or parties"),
                PositionalSpec("FILES", summary: "Files to read", required: false, variadic: true),
            ]),
    ])

private func parse(_ line: String) throws(UsageError) -> ParsedArguments {
    try erp.parse(line.split(separator: " ").map(String.init))
}

/// The column at which `text` starts in `line`.
private func offset(of text: String, in line: String) -> Int? {
    line.firstRange(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
}

private func usageError(_ line: String) -> UsageError? {
    do {
        let parsed = try parse(line)
        Issue.record("expected a usage error, parsed \(parsed.commandName)")
        return nil
    } catch {
        return error
    }
}

@Suite("Arguments")
struct ArgumentsTests {
    @Test(arguments: ["stock receive --warehouse MAIN --line A:1:2", "stock receive --warehouse=MAIN --line=A:1:2"])
    func optionValuesComeSeparatelyOrAfterAnEqualsSign(line: String) throws {
        let parsed = try parse(line)
        #expect(parsed.path == ["erp", "stock", "receive"])
        #expect(parsed.commandName == "erp stock receive")
        #expect(parsed.value("warehouse") == "MAIN")
        #expect(parsed.values("line") == ["A:1:2"])
        #expect(parsed.value("supplier") == nil && !parsed.flag("json") && !parsed.isHelpRequested)
    }

    @Test func repeatedOptionsCollectEveryValueInOrder() throws {
        let parsed = try parse("stock receive --line B --warehouse W --line A --line=C --json")
        #expect(parsed.values("line") == ["B", "A", "C"])
        #expect(parsed.flag("json"))
    }

    @Test func aDoubleDashEndsOptions() throws {
        let parsed = try parse("backup -- --help")
        #expect(parsed.positionals == ["--help"] && !parsed.isHelpRequested)
        #expect(parsed.positional("FILE") == "--help")
        #expect(try parse("import products a.csv -- -b.csv").positionals == ["products", "a.csv", "-b.csv"])
    }

    @Test func valuesMayBeNegativeNumbersOrExplicitlyEmpty() throws {
        let parsed = try parse("stock receive --warehouse W --line L --qty -1 --note=")
        #expect(parsed.value("qty") == "-1" && parsed.value("note") == "")
        #expect(try parse("stock receive --warehouse W --line L --note=a=b").value("note") == "a=b")
    }

    @Test(arguments: ["stock receive --line L --warehouse", "stock receive --line L --warehouse --json"])
    func anOptionWithoutItsValueIsAUsageError(line: String) {
        let error = usageError(line)
        #expect(error?.message == "option --warehouse needs a value for 'erp stock receive'")
        #expect(error?.hint == "Write --warehouse CODE or --warehouse=CODE. See 'erp stock receive --help'.")
    }

    @Test func anUnknownOptionNamesTheCommandAndPointsAtHelp() {
        let error = usageError("stock receive --warehouse W --line L --frobnicate")
        #expect(error?.message == "unknown option --frobnicate for 'erp stock receive'")
        #expect(error?.hint == "See 'erp stock receive --help'.")
        #expect(error?.description == "error: unknown option --frobnicate for 'erp stock receive'\nhint: See 'erp stock receive --help'.")
        #expect(UsageError.exitCode == 2)
    }

    @Test(arguments: [
        ("--wharehouse", "--warehouse"), ("--warehose", "--warehouse"), ("--ware", "--warehouse"), ("--jsno", "--json"),
        ("--JSON", "--json"), ("-warehouse", "--warehouse"), ("--lines", "--line"), ("--supplir", "--supplier"),
    ])
    func anUnknownOptionSuggestsTheClosestMatch(typed: String, meant: String) {
        let error = usageError("stock receive --line L \(typed) W")
        #expect(error?.message == "unknown option \(typed) for 'erp stock receive'")
        #expect(error?.hint == "did you mean \(meant)? See 'erp stock receive --help'.")
    }

    @Test func anUnknownCommandSuggestsTheClosestMatch() {
        #expect(usageError("stok levels")?.message == "unknown command 'stok' for 'erp'")
        #expect(usageError("stok levels")?.hint == "did you mean 'stock'? See 'erp --help'.")
        #expect(usageError("stock recieve")?.hint == "did you mean 'receive'? See 'erp stock --help'.")
        #expect(usageError("stock xyzzy")?.hint == "See 'erp stock --help'.")
    }

    @Test func missingRequiredOptionsAreReportedTogether() {
        #expect(usageError("stock receive --line L")?.message == "missing required option --warehouse for 'erp stock receive'")
        #expect(usageError("stock receive")?.message == "missing required options --warehouse, --line for 'erp stock receive'")
    }

    @Test func otherMistakesAreUsageErrors() {
        #expect(usageError("stock receive --warehouse A --warehouse B --line L")?.message
            == "option --warehouse given more than once for 'erp stock receive'")
        #expect(usageError("stock levels --json=yes")?.message == "option --json takes no value")
        #expect(usageError("stock")?.message == "'erp stock' needs a command: receive, levels")
        #expect(usageError("")?.message == "'erp' needs a command: stock, backup, import")
        #expect(usageError("backup")?.message == "missing argument FILE for 'erp backup'")
        #expect(usageError("backup a b")?.message == "unexpected argument 'b' for 'erp backup'")
        #expect(usageError("stock levels extra")?.message == "unexpected argument 'extra' for 'erp stock levels'")
        #expect(usageError("stock levels -x")?.message == "unknown option -x for 'erp stock levels'")
    }

    @Test(arguments: ["stock receive --help", "stock receive -h", "stock receive --frobnicate --help", "stock receive --warehouse W -h"])
    func helpIsRecognisedAndSkipsRequiredChecks(line: String) throws {
        let parsed = try parse(line)
        #expect(parsed.isHelpRequested && parsed.commandName == "erp stock receive")
    }

    @Test func groupOptionsBeforeACommandAreKept() throws {
        let parsed = try parse("--version")
        #expect(parsed.flag("version") && parsed.path == ["erp"])
        #expect(try parse("stock --help").command.name == "stock")
    }

    @Test func typedAccessorsConvertValuesAndReportBadOnesAsUsageErrors() throws {
        let parsed = try parse("stock receive --warehouse W --line 1.5 --line 2 --qty 2.5")
        #expect(try parsed.value("qty") { try Quantity(parsing: $0) } == Quantity(thousandths: 2500))
        #expect(try parsed.values("line") { try Quantity(parsing: $0) }.map(\.thousandths) == [1500, 2000])
        #expect(try parsed.value("supplier") { try Quantity(parsing: $0) } == nil)
        #expect(try parsed.required("warehouse") == "W")
        #expect(throws: UsageError("missing required option --supplier for 'erp stock receive'", hint: "See 'erp stock receive --help'.")) {
            try parsed.required("supplier")
        }
        let bad = try parse("stock receive --warehouse W --line L --qty 2.5kg")
        #expect(throws: UsageError(
            "invalid value for --qty: '2.5kg' is not valid: expected a quantity like 2.500",
            hint: "See 'erp stock receive --help'.")) { try bad.value("qty") { try Quantity(parsing: $0) } }
    }

    @Test func helpTextHasUsageSummaryAndAlignedOptionsWithin80Columns() throws {
        let help = try parse("stock receive --help").helpText()
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Usage: erp stock receive --warehouse CODE --line SKU:QTY:COST... [options]")
        #expect(lines[2] == "Post a receipt: goods arrive at a warehouse.")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(help)")
        let warehouseLine = try #require(lines.first { $0.hasPrefix("  --warehouse CODE") })
        let column = try #require(offset(of: "Warehouse", in: warehouseLine))
        for (prefix, summary) in [("  --line", "A received"), ("  --json", "Print the"), ("  -h, --help", "Show this")] {
            let line = try #require(lines.first { $0.hasPrefix(prefix) })
            #expect(offset(of: summary, in: line) == column, "\(line)")
        }
        #expect(help.contains("Warehouse receiving the goods (required)"))
        #expect(help.contains("A received line (required, repeatable)"))
        let noteIndex = try #require(lines.firstIndex { $0.hasPrefix("  --note TEXT") })
        #expect(lines[noteIndex + 1].hasPrefix(String(repeating: " ", count: column)))  // wrapped under its column
        let longIndex = try #require(lines.firstIndex { $0 == "  --a-very-long-option-name-indeed PLACEHOLDER" })
        #expect(lines[longIndex + 1] == String(repeating: " ", count: column) + "Shows the summary on its own line")
    }

    @Test func helpForAGroupListsItsCommandsAndForACommandItsArguments() throws {
        let group = try parse("stock -h").helpText()
        #expect(group.hasPrefix("Usage: erp stock COMMAND\n"))
        #expect(group.contains("Commands:\n  receive   Post a receipt: goods arrive at a warehouse.\n  levels    Show stock levels.\n"))
        let command = try parse("import --help").helpText()
        #expect(command.hasPrefix("Usage: erp import KIND [FILES...]\n"))
        #expect(command.contains("Arguments:\n  KIND    products or parties\n  FILES   Files to read\n"))
        let custom = CommandSpec(name: "db", summary: "Embedded database.", usage: "start | stop\nurl")
        #expect(custom.helpText(commandName: "erp db").hasPrefix("Usage: erp db start | stop\n       erp db url\n"))
    }

    @Test func longUsageLinesWrapUnderTheCommand() {
        let options = (1...8).map { OptionSpec.value("option-number-\($0)", "VALUE", summary: "Option \($0)", required: true) }
        let lines = CommandSpec(name: "wide", summary: "Wide.", options: options).usageLines(commandName: "erp wide", width: 80)
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 80 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 16) + "--option-number-") })
    }

    @Test(arguments: [
        ("warehouse", "warehouse", 0), ("wraehouse", "warehouse", 1), ("wharehouse", "warehouse", 1), ("", "abc", 3),
        ("kitten", "sitting", 3), ("json", "jsno", 1), ("abc", "", 3),
    ])
    func editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps(lhs: String, rhs: String, distance: Int) {
        #expect(Suggestions.editDistance(lhs, rhs) == distance)
    }

    @Test func farOffWordsGetNoSuggestion() {
        #expect(Suggestions.closest(to: "frobnicate", among: ["warehouse", "line", "json"]) == nil)
        #expect(Suggestions.closest(to: "l", among: ["line", "levels"]) == nil)  // ambiguous prefix, too far
    }
}
