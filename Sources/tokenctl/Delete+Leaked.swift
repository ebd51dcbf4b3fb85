import Foundation
import TextEscaping
import TokenGitOps
import TokenStore
import TokenVerification

extension TokenCtl.Delete {
    /// `delete --leaked`: reads the input to its end, then revokes every token found in it that a
    /// file of the data folder holds and that is not revoked yet, prints what happened to each, and
    /// with `--commit` commits every revocation in one commit.
    ///
    /// Nothing is written unless the whole input was read. A revocation that fails is reported and
    /// the others go ahead (they are committed); the command then fails.
    func revokeLeaked(by actor: String, in repository: Repository?) throws {
        let input: StreamScan.Input = token.first.map { $0 == "-" ? .standardInput : .file($0) } ?? .standardInput
        if input == .standardInput && isatty(STDIN_FILENO) == 1 {
            Console.diagnostic("tokenctl: reading stdin: paste the text, then press Ctrl-D")
        }
        let findings: [PlaintextFinding]
        do {
            findings = try StreamScan.distinctTokens(in: input)
        } catch {
            throw CommandFailure.leakedInputUnreadable(error)
        }
        let index = try Self.filesHolding(findings, in: data.dataFolder)
        ProblemReport.warn(index.problems)
        let copies = Self.copies(of: Set(findings.map(\.hash)), in: index)
        let store = TokenStore(dataFolder: data.dataFolder)
        let now = Date()
        let found: [(masked: String, copy: IndexedToken?)] = findings.flatMap { finding in
            let held = copies[finding.hash] ?? []
            return held.isEmpty ? [(finding.masked, nil)] : held.map { (finding.masked, $0) }
        }
        // Each revocation waits on two fsyncs: a few at once make a long list take a fraction of the time.
        let results = BlockingWork.map(found, threads: Self.concurrentRevocations) { masked, copy in
            copy.map { Self.revoke($0, masked: masked, in: store, by: actor, at: now) }
                ?? LeakedToken(masked: masked, result: .unknown)
        }
        if !json {
            results.forEach { Console.print($0.line) }
        }
        if json {
            Console.print(TokenJSON.encode(results))
        } else if findings.isEmpty {
            let place = input == .standardInput ? "on stdin" : "in \(TokenFormat.maskingTokenShapes(in: input.name))"
            Console.print(TerminalText.escaped("no token found \(place)"))
        }
        try commit(results.filter { $0.result == .revoked }, in: repository)
        let failures = results.count { $0.result == .notRevoked }
        if failures > 0 {
            throw CommandFailure.leakedNotRevoked(count: failures)
        }
    }

    /// How many revocations are written at once.
    private static let concurrentRevocations = 8

    /// Revokes one file's copy of a token found, unless it is revoked already, and says what
    /// happened; a failure is reported on stderr.
    private static func revoke(
        _ copy: IndexedToken, masked: String, in store: TokenStore, by actor: String, at now: Date
    ) -> LeakedToken {
        var outcome = LeakedToken(masked: masked, result: .alreadyRevoked, token: TokenJSON(copy, at: now))
        guard !copy.isRevoked else { return outcome }
        do {
            let revocation = try store.revoke(hash: copy.hash, workspace: copy.workspace, revokedBy: actor, now: now)
            outcome.token = TokenJSON(revocation.record, at: now)
            if !revocation.wasAlreadyRevoked {
                outcome.result = .revoked
                outcome.revokedFile = revocation.path
            }
        } catch {
            Console.error(error.description)
            outcome.result = .notRevoked
        }
        return outcome
    }

    /// With `--commit`, commits the files of the tokens `revoked` in one commit:
    /// `tokens: revoke 2 leaked tokens`, then a line per token as a single revocation's commit names it.
    private func commit(_ revoked: [LeakedToken], in repository: Repository?) throws {
        guard repository != nil else { return }
        guard !revoked.isEmpty else {
            Console.diagnostic("tokenctl: nothing was revoked, so nothing was committed")
            return
        }
        let lines = revoked.compactMap { outcome in
            outcome.token.map {
                CommitOptions.message(action: "revoke", workspace: $0.workspace, id: $0.id, name: $0.name)
            }
        }
        let count = revoked.count == 1 ? "1 leaked token" : "\(revoked.count) leaked tokens"
        try commitOptions.commit(
            revoked.compactMap(\.revokedFile), message: "tokens: revoke \(count)\n\n" + lines.joined(separator: "\n"),
            in: repository)
    }

    /// Reads the files that can hold a token found: in every workspace, the file named by each
    /// one's id. The rest of the data folder is not read (`check` reports its bad files), so the
    /// command takes as long as reading its input, however many tokens the folder holds.
    private static func filesHolding(
        _ findings: [PlaintextFinding], in dataFolder: String
    ) throws(DataFolderError) -> TokenIndex {
        try TokenIndex(reading: WorkTreeSource(dataFolder, extent: .filesNamed(Set(findings.map(\.hash.id)))))
    }

    /// Every file's copy of each hash in `hashes`, revoked, expired and refused ones too: a hash
    /// held by two files is revoked in both.
    private static func copies(of hashes: Set<TokenDigest>, in index: TokenIndex) -> [TokenDigest: [IndexedToken]] {
        guard !hashes.isEmpty else { return [:] }
        var copies: [TokenDigest: [IndexedToken]] = [:]
        for token in index.tokens(includingRefusedCopies: true) where hashes.contains(token.hash) {
            copies[token.hash, default: []].append(token)
        }
        return copies
    }
}
