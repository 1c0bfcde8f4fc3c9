import ERPCore

extension ERPError {
    /// The short lines of an `insufficientStock`, else nil (for assertions).
    package var shortLines: [ShortLine]? {
        if case .insufficientStock(let lines) = self { return lines }
        return nil
    }

    /// The fields of a `validationFailed`, else nil (for assertions).
    package var fields: [String: String]? {
        if case .validationFailed(let fields) = self { return fields }
        return nil
    }
}
