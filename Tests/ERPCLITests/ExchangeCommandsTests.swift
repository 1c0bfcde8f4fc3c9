@testable import ERPCLI
import ERPCore
import Foundation
import Testing

/// `erp doc xml` and `erp bank import|queue|dismiss|reopen` on the billing commands' shop.
extension BillingCommandsTests {
    @Test func aUPDIsWrittenUnderItsFileIDAndAStatementPreviewedThenImported() throws {
        let set = CLIRun(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001",
                          "--director", "Иванов Иван Иванович", "--vat-payer", "no", "--as", "olga"], database: db)
        #expect(set.code == 0, "\(set.diagnostics)")
        #expect(CLIRun(["order", "ship", order, "--as", "olga"], database: db).code == 0)
        let issued = CLIRun(["doc", "issue", order, "--type", "upd", "--as", "acc"], database: db)
        #expect(issued.code == 0, "\(issued.diagnostics)")
        let number = String(issued.output.prefix { $0 != " " })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erp-doc-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("upd.xml").path
        let written = CLIRun(["doc", "xml", number, path, "--as", "acc"], database: db)
        #expect(written.code == 0 && written.output == path + "\n", "\(written.diagnostics)")
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        #expect(CodePage.windows1251.decode(bytes)?.contains("Функция=\"ДОП\"") == true)
        #expect(CLIRun(["doc", "xml", "УПД-2026-999999", path, "--as", "acc"], database: db).code == 3)

        let statement = try Self.unknownPayerStatement(in: folder)
        let preview = CLIRun(["bank", "import", statement.path, "--dry-run", "--as", "acc"], database: db)
        #expect(preview.code == 0 && preview.diagnostics.contains("queued 1") && preview.diagnostics.contains("preview"), "\(preview.output) \(preview.diagnostics)")
        #expect(CLIRun(["bank", "queue", "--as", "acc"], database: db).output.contains("0 lines"))
        #expect(CLIRun(["bank", "import", statement.path, "--as", "acc"], database: db).code == 0)
        let queue = CLIRun(["bank", "queue", "--as", "acc"], database: db)
        #expect(queue.output.contains("500100732259") && queue.output.contains("1 line"), "\(queue.output)")
        #expect(CLIRun(["bank", "import", statement.path, "--as", "olga", "--json"], database: db).output.contains("\"duplicate\""))
    }

    /// A statement file (windows-1251) in `folder` of one payment of 100.00 from a payer no client matches.
    private static func unknownPayerStatement(in folder: URL) throws -> URL {
        let statement = folder.appendingPathComponent("statement.txt")
        let text = ["1CClientBankExchange", "Кодировка=Windows", "РасчСчет=40702810938000012345", "СекцияДокумент=Платежное поручение",
                    "Номер=9", "Дата=01.12.2026", "Сумма=100.00", "ПлательщикИНН=500100732259", "ПолучательСчет=40702810938000012345",
                    "НазначениеПлатежа=За товар", "КонецДокумента", "КонецФайла"].joined(separator: "\r\n")
        try Data((CodePage.windows1251.encode(text) ?? [])).write(to: statement)
        return statement
    }

    @Test func aQueuedLineIsDismissedWithAReasonAndReopenedAndABadReasonChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erp-bank-dismiss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(CLIRun(["bank", "import", try Self.unknownPayerStatement(in: folder).path, "--as", "acc"], database: db).code == 0)
        let queued = CLIRun(["bank", "queue", "--as", "acc", "--json"], database: db)
        let line = try #require(queued.output.firstMatch(of: /"id"\s*:\s*(\d+)/)?.1).description
        for arguments in [["--reason", "lunch"], ["--reason", "other"], []] {
            let run = CLIRun(["bank", "dismiss", line] + arguments + ["--as", "acc"], database: db)
            #expect(run.code != 0, "\(arguments): \(run.output)")
        }
        #expect(CLIRun(["bank", "dismiss", "x", "--reason", "tax", "--as", "acc"], database: db).code == 6)
        #expect(CLIRun(["bank", "reopen", line, "--as", "acc"], database: db).code == 4)
        #expect(CLIRun(["bank", "queue", "--as", "acc"], database: db).output.contains("1 line"))

        let dismissed = CLIRun(["bank", "dismiss", line, "--reason", "bank_fee", "--as", "acc"], database: db)
        #expect(dismissed.code == 0 && dismissed.output == "line \(line): dismissed (bank_fee)\n", "\(dismissed.diagnostics)")
        #expect(CLIRun(["bank", "queue", "--as", "acc"], database: db).output.contains("0 lines"))
        let listed = CLIRun(["bank", "queue", "--dismissed", "--as", "acc"], database: db)
        #expect(listed.output.contains("bank_fee") && listed.output.contains("1 line"), "\(listed.output)")
        let reopened = CLIRun(["bank", "reopen", line, "--as", "acc"], database: db)
        #expect(reopened.code == 0 && reopened.output == "line \(line): queued\n", "\(reopened.diagnostics)")
    }

    @Test func aPeriodWithAReturnIsWrittenForOneCAndABackwardPeriodWritesNothing() throws {
        #expect(CLIRun(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001",
                        "--director", "Иванов Иван Иванович", "--vat-payer", "yes", "--as", "olga"], database: db).code == 0)
        #expect(CLIRun(["order", "ship", order, "--as", "olga"], database: db).code == 0)
        let issued = CLIRun(["doc", "issue", order, "--type", "upd", "--as", "acc"], database: db)
        #expect(issued.code == 0, "\(issued.diagnostics)")
        let number = String(issued.output.prefix { $0 != " " })
        #expect(CLIRun(["order", "return", order, "--reason", "defective", "--line", "HAM-1:1", "--as", "olga"], database: db).code == 0)
        let credited = CLIRun(["doc", "issue", order, "--type", "ukd", "--as", "acc"], database: db)
        #expect(credited.code == 0, "\(credited.diagnostics)")
        let creditNumber = String(credited.output.prefix { $0 != " " })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erp-export-1c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("1c.xml").path
        let written = CLIRun(["export", "1c", "--from", "2000-01-01", "--to", "2100-12-31", path, "--as", "acc"], database: db)
        #expect(written.code == 0 && written.output == path + "\n", "\(written.diagnostics)")
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(text.contains("<Номер>\(number)</Номер>") && text.contains("<ИНН>7707083893</ИНН>"), "\(text)")
        // The return the credit note documents goes as a return from the buyer.
        #expect(text.contains("<Документ.ВозвратТоваровОтПокупателя>") && text.contains("<Номер>\(creditNumber)</Номер>"), "\(text)")

        let backward = folder.appendingPathComponent("backward.xml").path
        #expect(CLIRun(["export", "1c", "--from", "2026-12-31", "--to", "2026-12-01", backward, "--as", "acc"], database: db).code == 6)
        #expect(CLIRun(["export", "1c", "--from", "someday", "--to", "2026-12-01", backward, "--as", "acc"], database: db).code == 6)
        #expect(!FileManager.default.fileExists(atPath: backward))
    }

    @Test func resolvingNeedsTheClientOrTheSupplierAndPaymentOrdersNeedAPeriodOrIds() throws {
        for arguments in [["bank", "resolve", "1"], ["bank", "resolve", "1", "--client", "1", "--supplier", "2"],
                          ["bank", "resolve", "1", "--supplier", "two"]] {
            let run = CLIRun(arguments + ["--as", "acc"], database: db)
            #expect(run.code == 6, "\(arguments): \(run.diagnostics)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erp-bank-orders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("kl_to_1c.txt").path
        for arguments in [["--from", "2026-12-01"], ["--ids", "1,x"], ["--ids", "1", "--from", "2026-12-01", "--to", "2026-12-31"],
                          ["--from", "2026-12-01", "--to", "2026-12-31"]] {
            let run = CLIRun(["bank", "orders", path] + arguments + ["--as", "acc"], database: db)
            #expect(run.code == 6, "\(arguments): \(run.diagnostics)")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

