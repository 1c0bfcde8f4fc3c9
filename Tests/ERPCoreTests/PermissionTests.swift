import Testing

@testable import ERPCore

/// The permission table written out by hand, independently of `Permission.roles`: a change to
/// the table must be made in both places, deliberately.
private let expectedRoles: [Permission: Set<Role>] = [
    .readSelf: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .manageOwnAccess: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .manageUsers: [.owner],
    .readAudit: [.owner],
    .readCatalog: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .editCatalog: [.owner, .accountant],
    .readParties: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .readPartyDetails: [.owner, .accountant, .manager, .purchaser],
    .editParties: [.owner, .accountant, .manager, .purchaser],
    .exportParties: [.owner, .accountant, .manager],
    .readStock: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .postStock: [.owner, .storekeeper],
    .readStockCosts: [.owner, .accountant],
    .manageWarehouses: [.owner],
    .readOrders: [.owner, .accountant, .manager, .storekeeper, .purchaser],
    .sellOrders: [.owner, .manager],
    .sellBelowMinimumPrice: [.owner],
    .shipOrders: [.owner, .storekeeper],
    .releaseStaleOrders: [.owner],
    .manageCompany: [.owner],
    .manageWebhooks: [.owner],
    .readDocuments: [.owner, .accountant, .manager, .storekeeper],
    .issueDocuments: [.owner, .accountant, .manager],
    .annulDocuments: [.owner, .accountant],
    .readPayments: [.owner, .accountant, .manager],
    .recordPayments: [.owner, .accountant],
    .readCRM: [.owner, .accountant, .manager],
    .editCRM: [.owner, .accountant, .manager],
    .readReports: [.owner, .accountant],
    .readPurchasing: [.owner, .accountant, .purchaser, .storekeeper],
    .readPurchasePrices: [.owner, .accountant, .purchaser],
    .editPurchasing: [.owner, .purchaser],
    .readPayables: [.owner, .accountant, .purchaser],
    .recordSupplierBills: [.owner, .accountant, .purchaser],
    .paySuppliers: [.owner, .accountant],
]

@Suite("Permission")
struct PermissionTests {
    @Test func theTableMatchesTheHandWrittenExpectation() {
        #expect(Set(Permission.allCases) == Set(expectedRoles.keys))
        for permission in Permission.allCases {
            #expect(permission.roles == expectedRoles[permission], "\(permission)")
        }
    }

    @Test(arguments: Permission.allCases)
    func ownersHoldEveryPermission(permission: Permission) {
        #expect(permission.roles.contains(.owner))
    }

    @Test(arguments: Permission.allCases)
    func everyPermissionHasAPhraseThatReadsAfterNotAllowedTo(permission: Permission) {
        let message = ERPError.forbidden(action: permission.phrase).message
        #expect(message == "You are not allowed to \(permission.phrase).")
        #expect(!permission.phrase.isEmpty && permission.phrase.first?.isLowercase == true && permission.phrase.last != ".")
    }

    @Test func phrasesAndCodesAreDistinct() {
        #expect(Set(Permission.allCases.map(\.phrase)).count == Permission.allCases.count)
        #expect(Set(Permission.allCases.map(\.rawValue)).count == Permission.allCases.count)
    }

    @Test func whoeverReadsReportsOrExportsPartiesMaySeeWhatIsInThem() {
        // The reports show stock value, cost and margin; they strip nothing, so their readers must hold stock.costs.
        #expect(Permission.readReports.roles.isSubset(of: Permission.readStockCosts.roles))
        // A party export carries every requisite and channel.
        #expect(Permission.exportParties.roles.isSubset(of: Permission.readPartyDetails.roles))
    }

    @Test func requireRefusesRolesWithoutThePermission() throws {
        let keeper = Principal(userID: UserID(rawValue: 5), login: "keeper", role: .storekeeper, channel: .api)
        #expect(throws: ERPError.forbidden(action: "manage users")) { try keeper.require(.manageUsers) }
        try keeper.require(.readSelf)
        try Principal.system().require(.readAudit)
        #expect(keeper.may(.manageOwnAccess) && !keeper.may(.readAudit))
    }
}
