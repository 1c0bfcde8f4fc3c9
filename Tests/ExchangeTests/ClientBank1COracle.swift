import Foundation
import Testing

/// PyPI's `client-bank-1c` 0.3 (MIT, odoo-ru), an independent `1CClientBankExchange` parser the
/// CI installs: its reading of a file, each document's keys and values as text.
enum ClientBank1COracle {
    private static let script = """
        import json, sys
        from client_bank_1c import ClientBank1CLoader
        st = ClientBank1CLoader()(open(sys.argv[1], "rb").read())
        text = lambda v: v.strftime("%d.%m.%Y") if hasattr(v, "strftime") and not hasattr(v, "hour") else str(v)
        print(json.dumps({"accounts": [{k: text(v) for k, v in a.items()} for a in st.accounts],
                          "documents": [{k: text(v) for k, v in d.items()} for d in st.documents]}, ensure_ascii=False))
        """

    struct Reading: Decodable {
        var accounts: [[String: String]]
        var documents: [[String: String]]
    }

    /// The oracle's reading of the file at `path`.
    static func read(_ path: String) throws -> Reading {
        let run = try ToolRun.run("python3", ["-c", script, path])
        try #require(run.status == 0, "client-bank-1c (pip install client-bank-1c==0.3): \(run.errors)")
        return try JSONDecoder().decode(Reading.self, from: Data(run.output.utf8))
    }
}
