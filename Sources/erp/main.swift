// The `erp` executable: everything it does lives in the ERPCLI library, so tests run it in-process.
import ERPCLI

CLI.main()
