import TokenGitOps
import TokenVerification

/// Reporting the files a reading command left out.
enum ProblemReport {
    /// Prints each problem as its own `path:line:column: problem` line on stderr.
    ///
    /// - Throws: ``CommandFailure/dataFolderProblems(count:)`` when there is any, after printing them all.
    static func print(_ problems: [LoadProblem]) throws {
        guard !problems.isEmpty else { return }
        warn(problems)
        throw CommandFailure.dataFolderProblems(count: problems.count)
    }

    /// Prints each problem on stderr and carries on.
    static func warn(_ problems: [LoadProblem]) {
        for problem in problems {
            Console.diagnostic(RepositoryScan.masked(problem.description))
        }
    }
}
