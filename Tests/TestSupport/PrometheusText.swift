/// The samples of a Prometheus text-format exposition, by series: `name{label="value"}` as written
/// (or the bare name), to the sample's value.
public struct PrometheusText: Sendable {
    /// Every sample, by series as written.
    public let samples: [String: Double]
    /// The `# TYPE` of each family.
    public let types: [String: String]

    /// Reads `text`; a line that is neither a comment nor `series value` is left out.
    public init(_ text: String) {
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let fields = line.split(separator: " ")
                if fields.count == 4 {
                    types[String(fields[2])] = String(fields[3])
                }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
        self.types = types
    }

    /// The value of `series`, such as `tokenctl_tokens{state="active"}`, if the exposition has it.
    public subscript(_ series: String) -> Double? {
        samples[series]
    }
}
