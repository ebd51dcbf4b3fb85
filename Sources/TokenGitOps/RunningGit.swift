/// A git command started by ``Git/start(_:input:environment:)``, still running or finished but
/// not yet read.
public struct RunningGit {
    let process: GitProcess

    /// Reads what git printed and waits for it to exit. Call it once.
    public func output() -> Git.Output {
        let data = process.stdout.readDataToEndOfFile()
        let (status, errors) = process.finish()
        return Git.Output(status: status, stdout: data, stderr: errors)
    }
}
