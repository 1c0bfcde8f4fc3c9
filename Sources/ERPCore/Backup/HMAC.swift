// RFC 2104: HMAC, over our SHA-256 (FIPS 198-1). Webhooks sign each body with the subscription's
// secret (`X-ERP-Signature: sha256=<hex>`), so a receiver can tell our posts from anyone else's.

/// HMAC-SHA256 of a message under a key.
package enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    package static func mac(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        // RFC 2104 §2: a key longer than the block (64 bytes) is hashed first; then zero-padded.
        var block = key.count > 64 ? { var h = SHA256(); h.update(key); return h.finalize() }() : Array(key)
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The MAC as 64 lowercase hex digits.
    package static func hex(key: some Collection<UInt8>, message: some Collection<UInt8>) -> String {
        mac(key: key, message: message).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
