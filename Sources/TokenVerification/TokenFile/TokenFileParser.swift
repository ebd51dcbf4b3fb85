import Foundation

/// Turns a token file's bytes into an entry of a token table straight from libyaml's event stream.
///
/// The file must be one flat mapping of known keys with scalar values: no aliases, anchors, tags,
/// directives, duplicate or unknown keys, nested collections or second documents. Since the
/// parser stops at the first event that breaks those rules, deep nesting costs nothing.
package enum TokenFileParser {
    /// The version this parser reads.
    package static let version = "1"
    /// The text `expires_at` holds for a token that never expires.
    package static let never = "never"

    /// Parses the token file at `location` into `builder`, without making a ``TokenRecord`` or a
    /// string per value.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - location: Where the file is: its workspace, and its name, which must be the token's id.
    ///   - stream: The event stream to parse with (a thread reading many files keeps its own).
    ///   - builder: The table builder the token is added to.
    /// - Returns: The token's entry number in `builder`.
    /// - Throws: A ``LoadProblem`` naming the first thing wrong, with its position; `builder` is
    ///   unchanged then.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, location: TokenFileLocation, stream: YAMLEventStream,
        into builder: inout TokenTableBuilder
    ) throws(LoadProblem) -> Int {
        var values = FieldValues(labelBytes: stream.takeLabelBuffer())
        defer { stream.keepLabelBuffer(values.labelBytes) }
        let mapping = try stream.readFlatMapping(bytes, kind: "token file", problem: problem) {
            (key) throws(LoadProblem) -> TokenFileField in
            guard let field = TokenFileField(key: key.value) else {
                throw problem("unknown key \(quotedKey(key.value))", key.line, key.column)
            }
            guard !values.has(field) else {
                throw problem("duplicate key \"\(field.key)\"", key.line, key.column)
            }
            return field
        } value: { (field, value) throws(LoadProblem) in
            guard value.kind == .scalar else {
                throw problem(
                    "the value of \"\(field.key)\" must be a single value, not a list or mapping", value.line,
                    value.column)
            }
            values.set(field, value.value, line: value.line, column: value.column)
        }
        func problem(_ message: String, _ line: Int?, _ column: Int?) -> LoadProblem {
            LoadProblem(location, line: line, column: column, message: message)
        }
        let checked = try values.checked(mappingLine: mapping.line, mappingColumn: mapping.column, location: location)
        return builder.add(checked, labelBytes: values.labelBytes, workspace: location.workspace)
    }

    /// Parses one token file on its own, into its record.
    ///
    /// - Returns: The token's record, as an index loaded from the file would hold it.
    /// - Throws: A ``LoadProblem`` naming the first thing wrong, with its position.
    package static func record(
        parsing bytes: UnsafeRawBufferPointer, location: TokenFileLocation
    ) throws(LoadProblem) -> TokenRecord {
        var builder = TokenTableBuilder(expectedCount: 1)
        let entry = try parse(bytes, location: location, stream: YAMLEventStream(), into: &builder)
        return builder.build().record(entry: entry)
    }

    /// An unknown key, repeated in a message only when it is a short lowercase word that does not
    /// start like a token, so a secret pasted as a key never reaches a message.
    static func quotedKey(_ bytes: UnsafeRawBufferPointer) -> String {
        let isWord =
            (1...32).contains(bytes.count) && !bytes.starts(with: TokenFormat.prefix.utf8)
            && bytes.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
        return isWord ? "\"\(String(decoding: bytes, as: UTF8.self))\"" : "(not shown)"
    }
}
