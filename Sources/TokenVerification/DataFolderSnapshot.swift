/// Every token file of a data folder, parsed: the records that loaded and the problems of the rest.
public struct DataFolderSnapshot: Sendable {
    /// The tokens whose files are valid, in workspace and file-name order.
    public var records: [TokenRecord]
    /// Every file or folder that grants nothing, with where and why.
    public var problems: [LoadProblem]

    /// Creates a snapshot.
    public init(records: [TokenRecord], problems: [LoadProblem]) {
        self.records = records
        self.problems = problems
    }
}
