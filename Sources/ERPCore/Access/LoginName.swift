// How two spellings of a login are compared: by one fold, done in one place. Logins are ASCII
// (`users_login_format`), so the fold lowers ASCII letters and leaves every other character as it
// is. Folding more (Unicode lower-casing, PostgreSQL's lower() under a collation) would let a
// look-alike such as "kİrİll" meet "kirill" in one place and not in another — in the login lookup
// but not in the rate limit — which is how a lock-out was bypassed (issue #13).

/// The login fold shared by user creation, lookups and the login rate limit.
package enum LoginName {
    /// `login` with `A`–`Z` turned into `a`–`z` and nothing else changed; stored as
    /// `users.login_folded` and used as the rate limit's key.
    package static func fold(_ login: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: login.unicodeScalars.map { scalar in
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        })
        return String(scalars)
    }
}
