import Foundation
import TextEscaping
import TokenVerification

/// The checks that span files: what no single token file can show by itself.
public enum TokenFolderAudit {
    /// Duplicate hashes across workspaces, and duplicate names among a workspace's active tokens.
    ///
    /// A token and its `rotated_from` predecessor may share a name while both are active: that is
    /// a rotation's overlap.
    /// - Parameters:
    ///   - index: The data folder, read.
    ///   - dataFolder: The data folder's path, for the reported paths.
    ///   - now: The time that decides which tokens are active.
    /// - Returns: One problem per offending file, after the first of its group.
    public static func problems(in index: TokenIndex, dataFolder: String, at now: Date) -> [LoadProblem] {
        var problems: [LoadProblem] = []
        let tokens = index.tokens()
        var firstByHash: [TokenDigest: IndexedToken] = [:]
        for token in tokens {
            if let first = firstByHash[token.hash] {
                problems.append(
                    problem(
                        token, in: dataFolder,
                        "duplicate hash: the same token is also in \(location(of: first, in: dataFolder).path)"))
            } else {
                firstByHash[token.hash] = token
            }
        }
        var activeByName: [String: [IndexedToken]] = [:]
        for token in tokens where token.isActive(at: now) {
            let key = "\(token.workspace)/\(token.name)"
            let clash = activeByName[key, default: []].first { other in
                other.rotatedFrom != token.id && token.rotatedFrom != other.id
            }
            if let clash {
                problems.append(
                    problem(
                        token, in: dataFolder,
                        "duplicate name \(TerminalText.quoted(token.name)): active token \(clash.id) in workspace "
                            + "\(token.workspace) has the same name"))
            }
            activeByName[key, default: []].append(token)
        }
        return problems
    }

    /// Warnings for active tokens that expire within `window` of `now`, or never expire.
    public static func expiryWarnings(
        in index: TokenIndex, dataFolder: String, within window: TimeInterval, at now: Date
    ) -> [LoadProblem] {
        index.tokens().compactMap { token in
            guard token.isActive(at: now) else { return nil }
            guard let expiresAt = token.expiresAt else {
                return problem(token, in: dataFolder, "warning: token \(token.id) never expires")
            }
            guard expiresAt.timeIntervalSince(now) <= window else { return nil }
            let hours = Int(expiresAt.timeIntervalSince(now) / 3_600)
            let left = hours >= 48 ? "\(hours / 24) days" : "\(hours) hours"
            return problem(
                token, in: dataFolder,
                "warning: token \(token.id) expires in \(left), at \(UTCTimestamp.format(expiresAt))")
        }
    }

    /// Warnings for active tokens that break their workspace's policy, one per broken key. They stay
    /// warnings: the verifier enforces the policy on such a token anyway, and an emergency revocation
    /// must never be held up by an old token. A workspace whose policy file is bad is left out: its
    /// tokens grant nothing, and the bad file is a problem of its own.
    public static func policyWarnings(in index: TokenIndex, dataFolder: String, at now: Date) -> [LoadProblem] {
        policyBreaches(in: index, at: now).flatMap { token, violations in
            violations.map { violation in
                problem(
                    token, in: dataFolder, "warning: token \(token.id) breaks \(violation.path): \(violation.message)")
            }
        }
    }

    /// The active tokens that break their workspace's policy, each with what it breaks, in data-folder
    /// order: the tokens ``policyWarnings(in:dataFolder:at:)`` warns about. A workspace whose policy
    /// file is bad is left out: its tokens grant nothing, and the bad file is a problem of its own.
    public static func policyBreaches(
        in index: TokenIndex, at now: Date
    ) -> [(token: IndexedToken, violations: [PolicyViolation])] {
        var policies: [String: EffectivePolicy] = [:]
        return index.tokens().compactMap { token in
            guard token.isActive(at: now), !token.isDeniedByPolicy else { return nil }
            let policy = policies[token.workspace] ?? index.policy(forWorkspace: token.workspace)
            policies[token.workspace] = policy
            guard !policy.isEmpty else { return nil }
            let violations = policy.violations(of: token.record)
            return violations.isEmpty ? nil : (token, violations)
        }
    }

    /// Where a token's file is: `<data folder>/<workspace>/<id>.yaml`.
    private static func location(of token: IndexedToken, in dataFolder: String) -> TokenFileLocation {
        TokenFileLocation(dataFolder: dataFolder, workspace: token.workspace, id: token.id)
    }

    private static func problem(_ token: IndexedToken, in dataFolder: String, _ message: String) -> LoadProblem {
        LoadProblem(location(of: token, in: dataFolder), message: message)
    }
}
