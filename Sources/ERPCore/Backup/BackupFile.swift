import Foundation

/// Why a backup or restore stopped, in words an operator can act on. Nothing was changed: a
/// backup leaves no file under its final name, a restore leaves the existing database as it was.
package struct BackupError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The file is not a backup, is damaged, or was made by an erp this one cannot restore.
        case invalidFile
        /// The target database already holds data and `--force` was not given (or cannot apply).
        case targetNotEmpty
        /// `pg_dump`, `pg_restore` or the file system failed.
        case failed
        /// The restored database does not match the manifest or breaks an invariant.
        case verificationFailed
    }
    package let kind: Kind
    package let message: String
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    package var description: String { message }
}

/// The backup file: one file an operator can copy around, every byte of it covered by a checksum.
///
/// ```
/// ERP-BACKUP 1 <SHA-256 of the manifest line>\n
/// <the manifest as one line of JSON>\n
/// <the pg_dump custom-format archive, whose SHA-256 the manifest holds>
/// ```
/// `tail -n +3 FILE > erp.dump` gives the plain archive for `pg_restore` by hand.
package enum BackupFile {
    static let magic = "ERP-BACKUP"
    static let chunk = 1 << 20

    /// Writes `manifest` and the dump at `dumpPath` into a new file at `path`.
    /// - Throws: `BackupError.failed` when the file cannot be written.
    package static func write(_ manifest: BackupManifest, dump dumpPath: String, to path: String) throws(BackupError) {
        let manifestLine = (try? ERPJSON.encode(manifest)) ?? []
        let header = "\(magic) \(BackupManifest.currentFormat) \(SHA256.hex(manifestLine))\n"
        // Owner-only: a backup holds password hashes and tokens.
        guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8 + manifestLine + [0x0A]),
                                             attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: path), let input = FileHandle(forReadingAtPath: dumpPath)
        else { throw BackupError(.failed, "cannot write \(path)") }
        defer { try? output.close(); try? input.close() }
        do {
            try output.seekToEnd()
            while let bytes = try input.read(upToCount: chunk), !bytes.isEmpty { try output.write(contentsOf: bytes) }
            try output.synchronize()
        } catch {
            throw BackupError(.failed, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Reads the backup at `path`, checks every checksum, and copies the dump to `dumpPath`
    /// (nil: only verify). Nothing else is touched.
    /// - Throws: `BackupError.invalidFile` naming what does not match.
    @discardableResult
    package static func read(_ path: String, extractingDumpTo dumpPath: String? = nil) throws(BackupError) -> BackupManifest {
        guard let input = FileHandle(forReadingAtPath: path) else { throw BackupError(.invalidFile, "cannot read \(path)") }
        defer { try? input.close() }
        do {
            var reader = LineReader(input)
            let header = String(decoding: try reader.line(limit: 200) ?? [], as: UTF8.self).split(separator: " ")
            guard header.count == 3, header[0] == magic else {
                throw BackupError(.invalidFile, "\(path) is not an erp backup (it does not start with '\(magic)')")
            }
            guard header[1] == "\(BackupManifest.currentFormat)" else {
                throw BackupError(.invalidFile, "\(path) is a backup of format \(header[1]); this erp reads format \(BackupManifest.currentFormat)")
            }
            guard let manifestLine = try reader.line(limit: 16 << 20), SHA256.hex(manifestLine) == header[2] else {
                throw BackupError(.invalidFile, "\(path) is damaged: its manifest does not match its checksum")
            }
            guard let manifest = try? ERPJSON.makeDecoder().decode(BackupManifest.self, from: Data(manifestLine)) else {
                throw BackupError(.invalidFile, "\(path) is damaged: its manifest cannot be read")
            }
            let output = try dumpPath.map { path throws(BackupError) in
                guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                    throw BackupError(.failed, "cannot write \(path)")
                }
                return handle
            }
            defer { try? output?.close() }
            var hasher = SHA256()
            var length = 0
            while let bytes = try reader.chunk() {
                hasher.update(bytes)
                length += bytes.count
                try output?.write(contentsOf: bytes)
            }
            guard length == manifest.dumpBytes, hasher.finalizeHex() == manifest.dumpChecksum else {
                throw BackupError(.invalidFile, "\(path) is damaged: its database dump does not match the checksum in its manifest "
                    + "(\(length) bytes, expected \(manifest.dumpBytes))")
            }
            return manifest
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError(.invalidFile, "cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// Reads a file line by line, then the rest in chunks.
private struct LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next line without its newline, nil at the end or when it exceeds `limit` bytes.
    mutating func line(limit: Int) throws -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                return line
            }
            guard buffer.count <= limit, let more = try handle.read(upToCount: BackupFile.chunk), !more.isEmpty else { return nil }
            buffer += more
        }
    }

    /// The next chunk of the rest of the file (what is buffered first), nil at the end.
    mutating func chunk() throws -> [UInt8]? {
        if !buffer.isEmpty {
            defer { buffer = [] }
            return buffer
        }
        guard let bytes = try handle.read(upToCount: BackupFile.chunk), !bytes.isEmpty else { return nil }
        return Array(bytes)
    }
}
