import Foundation
import Glibc

/// Finds and runs PostgreSQL's server programs (`initdb`, `pg_ctl`, `pg_dump`, …).
///
/// The server refuses to run as root, so when we are root every program runs as the `postgres`
/// system user through `runuser`, and the files it must own are handed to that user.
package struct ServerPrograms: Sendable {
    /// The directory holding `initdb` and `pg_ctl`.
    package let binDirectory: String
    /// The account the server runs as when we are root; `nil` when we run it as ourselves.
    package let serviceUser: ServiceUser?

    /// The `postgres` account used when running as root.
    package struct ServiceUser: Sendable {
        package let name: String
        package let uid: uid_t
        package let gid: gid_t
    }

    /// Looks for `initdb` and `pg_ctl` on `PATH`, then under `/usr/lib/postgresql/*/bin` (newest).
    /// - Throws: `LocalClusterError` naming the Debian packages to install.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerPrograms {
        let fileManager = FileManager.default
        func hasPrograms(_ directory: String) -> Bool {
            ["initdb", "pg_ctl"].allSatisfy { fileManager.isExecutableFile(atPath: directory + "/" + $0) }
        }
        var candidates = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.compactMap { Int($0) }.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = candidates.first(where: hasPrograms) else {
            throw LocalClusterError(
                "PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin; "
                    + "install them with: apt-get install -y postgresql libpq-dev"
            )
        }
        // Resolve symlinks (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb) so that
        // pg_ctl finds the matching `postgres` binary beside it.
        let resolved = (try? fileManager.destinationOfSymbolicLink(atPath: found + "/initdb"))
            .map { ($0 as NSString).deletingLastPathComponent } ?? found
        let directory = resolved.hasPrefix("/") && hasPrograms(resolved) ? resolved : found
        return ServerPrograms(binDirectory: directory, serviceUser: try serviceUserIfRoot())
    }

    private static func serviceUserIfRoot() throws -> ServiceUser? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else {
            throw LocalClusterError(
                "running as root, the embedded database needs the 'postgres' system user to run the server; "
                    + "install it with: apt-get install -y postgresql"
            )
        }
        return ServiceUser(name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// Runs a server program (as the service user when root) and returns its exit status and output.
    package func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = binDirectory + "/" + program
        if let serviceUser {
            return try runProcess("/usr/sbin/runuser", ["-u", serviceUser.name, "--", path] + arguments)
        }
        return try runProcess(path, arguments)
    }

    /// Runs a client program (`pg_dump`, `pg_restore`) as ourselves — it only talks to a server, so
    /// the files it writes belong to the caller — and returns its exit status and output.
    package func runClient(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(binDirectory + "/" + program, arguments)
    }

    /// Gives `path` to the service user (when root), so the server can own its files.
    package func handOver(_ path: String) throws {
        guard let serviceUser else { return }
        guard chown(path, serviceUser.uid, serviceUser.gid) == 0 else {
            throw LocalClusterError("cannot give \(path) to the postgres user: \(String(cString: strerror(errno)))")
        }
    }
}

/// Runs a program to completion with stdin from /dev/null and stdout+stderr captured through a
/// file, then reaps it with `waitpid`.
///
/// Not Foundation's `Process`: it learns of the child's exit through a descriptor the child
/// inherits, so when `pg_ctl start` leaves a server running in the background holding that
/// descriptor, `waitUntilExit` never returns. And never a pipe, for the same reason.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    var template = Array("/tmp/erp-run-XXXXXX".utf8CString)
    let captureDescriptor = mkstemp(&template)
    guard captureDescriptor >= 0 else {
        throw LocalClusterError("cannot create a temporary file: \(String(cString: strerror(errno)))")
    }
    let capturePath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer {
        close(captureDescriptor)
        unlink(capturePath)
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, captureDescriptor, 1)
    posix_spawn_file_actions_adddup2(&actions, captureDescriptor, 2)

    // The child starts with default signal handling and nothing blocked, whatever this process set.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var defaultSignals = sigset_t()
    sigemptyset(&defaultSignals)
    for signal in [SIGPIPE, SIGTERM, SIGINT, SIGCHLD, SIGHUP] { sigaddset(&defaultSignals, signal) }
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([executable] + arguments).map { strdup($0) }
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], environ)
    guard spawned == 0 else {
        throw LocalClusterError("cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else {
            throw LocalClusterError("waiting for \(executable) failed: \(String(cString: strerror(errno)))")
        }
    }
    // WIFEXITED / WEXITSTATUS are macros: exit code in bits 8–15, signal number in bits 0–6.
    let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let output = (try? String(contentsOfFile: capturePath, encoding: .utf8)) ?? ""
    return (exitCode, output.trimmingTrailingNewlines())
}

/// Why the local cluster could not be prepared, started or stopped — in words an operator can act on.
package struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
