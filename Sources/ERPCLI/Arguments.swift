// The `erp` command line, parsed by hand from a declarative spec (no package dependencies).
//
// Grammar: `erp GROUP COMMAND [options] [arguments]`. Options are `--name VALUE`, `--name=VALUE`,
// repeatable ones collect every occurrence in order, switches take no value; `--` ends options;
// `-h` / `--help` anywhere before `--` asks for help. Anything else is a `UsageError` (exit 2).

/// One `--option` of a command.
package struct OptionSpec: Sendable, Equatable {
    /// How an option takes values.
    package enum Kind: Sendable, Equatable {
        /// `--warehouse W` or `--warehouse=W`, at most once.
        case value
        /// `--line A --line B`: every occurrence, in order.
        case repeatable
        /// `--json`: present or not, no value.
        case flag
    }

    /// The name without dashes: `"warehouse"` for `--warehouse`.
    package let name: String
    /// How the option takes values.
    package let kind: Kind
    /// The value's name in help, e.g. `"CODE"`; empty for flags.
    package let placeholder: String
    /// One line for `--help`.
    package let summary: String
    /// Whether parsing fails without it (for repeatable options: at least once).
    package let isRequired: Bool

    /// `--name PLACEHOLDER`, at most once.
    package static func value(
        _ name: String, _ placeholder: String = "VALUE", summary: String, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, kind: .value, placeholder: placeholder, summary: summary, isRequired: required)
    }

    /// `--name PLACEHOLDER`, any number of times.
    package static func repeatable(
        _ name: String, _ placeholder: String = "VALUE", summary: String, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, kind: .repeatable, placeholder: placeholder, summary: summary, isRequired: required)
    }

    /// `--name`, a switch.
    package static func flag(_ name: String, summary: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, placeholder: "", summary: summary, isRequired: false)
    }
}

/// One positional argument of a command, e.g. `FILE` of `erp backup FILE`.
package struct PositionalSpec: Sendable, Equatable {
    /// The name shown in usage, e.g. `"FILE"`.
    package let name: String
    /// One line for `--help`.
    package let summary: String
    /// Whether parsing fails without it.
    package let isRequired: Bool
    /// Whether it takes every remaining argument (only the last positional may).
    package let isVariadic: Bool

    /// A positional argument.
    package init(_ name: String, summary: String, required: Bool = true, variadic: Bool = false) {
        self.name = name
        self.summary = summary
        self.isRequired = required
        self.isVariadic = variadic
    }
}

/// A command or command group of `erp`: its options, arguments and subcommands.
package struct CommandSpec: Sendable, Equatable {
    /// The word that selects it: `"receive"` in `erp stock receive`; `"erp"` for the root.
    package let name: String
    /// One line for help and for the parent's command list.
    package let summary: String
    /// Usage after the command path (`"--warehouse CODE --line LINE..."`); one line per usage
    /// form. Nil: generated from the options and positionals.
    package let usage: String?
    /// The options it accepts.
    package let options: [OptionSpec]
    /// Its positional arguments, in order.
    package let positionals: [PositionalSpec]
    /// Its subcommands; a group has these instead of positionals.
    package let subcommands: [CommandSpec]

    /// A command spec. A command with subcommands takes no positionals of its own.
    package init(
        name: String, summary: String, usage: String? = nil, options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [], subcommands: [CommandSpec] = []
    ) {
        precondition(subcommands.isEmpty || positionals.isEmpty, "\(name): a group takes no positionals")
        precondition(positionals.dropLast().allSatisfy { !$0.isVariadic }, "\(name): only the last positional may be variadic")
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
    }

    /// The option called `name` (without dashes), if declared.
    package func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }

    /// The subcommand called `name`, if declared.
    package func subcommand(named name: String) -> CommandSpec? { subcommands.first { $0.name == name } }

    /// Parses the arguments after the program name against this spec (the root, `erp`).
    ///
    /// Descends into subcommands; options given before a subcommand are kept in the result when
    /// the group declares them (`erp --version`). With `-h`/`--help` the result has
    /// `isHelpRequested` set and required options are not checked.
    /// - Throws: `UsageError` for an unknown option or command (with a closest-match suggestion),
    ///   a missing or unexpected value, a non-repeatable option given twice, a missing required
    ///   option or argument, an extra argument, or a group given no command.
    package func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parser = ArgumentParser(spec: self, path: [name])
        return try parser.run(arguments[...])
    }
}

/// The outcome of parsing: which command was chosen and what it was given.
package struct ParsedArguments: Sendable, Equatable {
    /// The chosen command's words, e.g. `["erp", "stock", "receive"]`.
    package let path: [String]
    /// The chosen command's spec (for help and further checks).
    package let command: CommandSpec
    /// True when `-h` or `--help` was given: print `helpText()` and exit 0.
    package let isHelpRequested: Bool
    /// The positional arguments, in order (including everything after `--`).
    package let positionals: [String]
    /// Values per option name, in command-line order.
    package let optionValues: [String: [String]]
    /// The switches that were given.
    package let flags: Set<String>

    /// The command path as typed, e.g. `erp stock receive`.
    package var commandName: String { path.joined(separator: " ") }

    /// The value of a single-valued option, or nil when absent.
    package func value(_ name: String) -> String? { optionValues[name]?.last }

    /// Every value of a repeatable option, in order; empty when absent.
    package func values(_ name: String) -> [String] { optionValues[name] ?? [] }

    /// Whether a switch was given.
    package func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The positional argument declared as `name`, or nil when not given. For a variadic one this
    /// is its first value; `positionals.dropFirst(index)` has them all.
    package func positional(_ name: String) -> String? {
        guard let index = command.positionals.firstIndex(where: { $0.name == name }),
              index < positionals.count else { return nil }
        return positionals[index]
    }

    /// The value of an option that this particular use requires (e.g. only with `--format csv`).
    /// - Throws: `UsageError` naming the option when it is absent.
    package func required(_ name: String) throws(UsageError) -> String {
        guard let value = value(name) else {
            throw UsageError("missing required option --\(name) for '\(commandName)'", hint: seeHelp)
        }
        return value
    }

    /// An option's value converted by `parse` (e.g. `Quantity.init(parsing:)`); nil when absent.
    /// - Throws: `UsageError` `invalid value for --qty: …` with the conversion's message.
    package func value<T, E: Error>(
        _ name: String, parsedBy parse: (String) throws(E) -> T
    ) throws(UsageError) -> T? {
        guard let text = value(name) else { return nil }
        return try convert(text, option: name, parse)
    }

    /// Every value of a repeatable option converted by `parse`.
    /// - Throws: `UsageError` for the first value that does not convert.
    package func values<T, E: Error>(
        _ name: String, parsedBy parse: (String) throws(E) -> T
    ) throws(UsageError) -> [T] {
        var result: [T] = []
        for text in values(name) { result.append(try convert(text, option: name, parse)) }
        return result
    }

    /// `See 'erp stock receive --help'.`
    package var seeHelp: String { "See '\(commandName) --help'." }

    private func convert<T, E: Error>(
        _ text: String, option: String, _ parse: (String) throws(E) -> T
    ) throws(UsageError) -> T {
        do {
            return try parse(text)
        } catch {
            throw UsageError("invalid value for --\(option): \(error)", hint: seeHelp)
        }
    }
}

/// The state of one parse: the command reached so far and what it has collected.
struct ArgumentParser {
    private var spec: CommandSpec
    private var path: [String]
    private var optionValues: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var positionals: [String] = []

    init(spec: CommandSpec, path: [String]) {
        self.spec = spec
        self.path = path
    }

    private var commandName: String { path.joined(separator: " ") }
    private var seeHelp: String { "See '\(commandName) --help'." }

    /// Parses `arguments`; a `--help` before `--` wins over any mistake, so that
    /// `erp stock receive --frobnicate --help` still shows the help the user asked for.
    mutating func run(_ arguments: ArraySlice<String>) throws(UsageError) -> ParsedArguments {
        do {
            return try runStrictly(arguments)
        } catch {
            let beforeEnd = arguments.prefix { $0 != "--" }
            if beforeEnd.contains("-h") || beforeEnd.contains("--help") { return result(help: true) }
            throw error
        }
    }

    private mutating func runStrictly(_ arguments: ArraySlice<String>) throws(UsageError) -> ParsedArguments {
        var rest = arguments
        var endOfOptions = false
        while let argument = rest.popFirst() {
            if endOfOptions {
                positionals.append(argument)
            } else if argument == "--" {
                endOfOptions = true
            } else if argument == "-h" || argument == "--help" {
                return result(help: true)
            } else if argument.hasPrefix("--") {
                try takeOption(argument, from: &rest)
            } else if Self.looksLikeOption(argument) {
                throw unknownOption(argument)
            } else if !spec.subcommands.isEmpty, positionals.isEmpty {
                guard let subcommand = spec.subcommand(named: argument) else { throw unknownCommand(argument) }
                spec = subcommand
                path.append(subcommand.name)
            } else {
                positionals.append(argument)
            }
        }
        try checkComplete()
        return result(help: false)
    }

    /// `--name`, `--name VALUE` or `--name=VALUE`.
    private mutating func takeOption(_ argument: String, from rest: inout ArraySlice<String>) throws(UsageError) {
        let body = argument.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        guard let option = spec.option(named: name) else { throw unknownOption("--" + name) }
        switch option.kind {
        case .flag:
            guard inline == nil else {
                throw UsageError("option --\(name) takes no value", hint: "Write --\(name) alone. \(seeHelp)")
            }
            flags.insert(name)
        case .value, .repeatable:
            let value: String
            if let inline {
                value = inline  // `--note=` is an explicit empty value; `--qty=-1` any value
            } else if let next = rest.first, !Self.looksLikeOption(next) {
                value = next
                rest.removeFirst()
            } else {
                throw UsageError(
                    "option --\(name) needs a value for '\(commandName)'",
                    hint: "Write --\(name) \(option.placeholder) or --\(name)=\(option.placeholder). \(seeHelp)")
            }
            if option.kind == .value, optionValues[name] != nil {
                throw UsageError(
                    "option --\(name) given more than once for '\(commandName)'",
                    hint: "Give it once. \(seeHelp)")
            }
            optionValues[name, default: []].append(value)
        }
    }

    private func checkComplete() throws(UsageError) {
        if !spec.subcommands.isEmpty {
            guard optionValues.isEmpty, flags.isEmpty else { return }  // e.g. `erp --version`
            let names = spec.subcommands.map(\.name).joined(separator: ", ")
            throw UsageError("'\(commandName)' needs a command: \(names)", hint: seeHelp)
        }
        let takesRest = spec.positionals.last?.isVariadic ?? false
        if !takesRest, positionals.count > spec.positionals.count {
            throw UsageError(
                "unexpected argument '\(positionals[spec.positionals.count])' for '\(commandName)'",
                hint: seeHelp)
        }
        for (index, positional) in spec.positionals.enumerated()
        where positional.isRequired && index >= positionals.count {
            throw UsageError("missing argument \(positional.name) for '\(commandName)'", hint: seeHelp)
        }
        let missing = spec.options.filter { $0.isRequired && optionValues[$0.name] == nil }
        if !missing.isEmpty {
            let list = missing.map { "--" + $0.name }.joined(separator: ", ")
            let noun = missing.count == 1 ? "option" : "options"
            throw UsageError("missing required \(noun) \(list) for '\(commandName)'", hint: seeHelp)
        }
    }

    private func unknownOption(_ argument: String) -> UsageError {
        let word = String(argument.drop { $0 == "-" })
        let suggestion = Suggestions.closest(to: word, among: spec.options.map(\.name) + ["help"])
        let didYouMean = suggestion.map { "did you mean --\($0)? " } ?? ""
        return UsageError("unknown option \(argument) for '\(commandName)'", hint: didYouMean + seeHelp)
    }

    private func unknownCommand(_ word: String) -> UsageError {
        let suggestion = Suggestions.closest(to: word, among: spec.subcommands.map(\.name))
        let didYouMean = suggestion.map { "did you mean '\($0)'? " } ?? ""
        return UsageError("unknown command '\(word)' for '\(commandName)'", hint: didYouMean + seeHelp)
    }

    private func result(help: Bool) -> ParsedArguments {
        ParsedArguments(
            path: path, command: spec, isHelpRequested: help, positionals: positionals,
            optionValues: optionValues, flags: flags)
    }

    /// `-x` or `--x`, but not `-` (stdin by convention) or a negative number (`--qty -1`).
    private static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        let second = argument.utf8.dropFirst().first ?? 0
        return !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(second)
    }
}
