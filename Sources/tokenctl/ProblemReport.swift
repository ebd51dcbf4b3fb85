import TokenGitOps
import TokenVerification

/// Reporting the files a reading command left out.
enum ProblemReport {
    /// Prints each problem as its own `path:line:column: problem` line on stderr.
    ///
    /// - Throws: A ``CommandFailure`` with exit status 1 when there is any, after printing them all.
    static func print(_ problems: [LoadProblem]) throws {
        guard !problems.isEmpty else { return }
        for problem in problems {
            Console.diagnostic(RepositoryScan.masked(problem.description))
        }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        throw CommandFailure("the data folder has \(count), listed above; those entries grant nothing")
    }

    /// Prints each problem on stderr and carries on.
    static func warn(_ problems: [LoadProblem]) {
        for problem in problems {
            Console.diagnostic(RepositoryScan.masked(problem.description))
        }
    }
}
