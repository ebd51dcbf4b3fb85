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
        stream.start(input: bytes)
        func problem(_ message: String, at event: YAMLEventStream.Event? = nil) -> LoadProblem {
            LoadProblem(location, line: event?.line, column: event?.column, message: message)
        }
        func next() throws(LoadProblem) -> YAMLEventStream.Event {
            let event: YAMLEventStream.Event
            do throws(YAMLEventStream.SyntaxError) {
                event = try stream.next()
            } catch {
                throw LoadProblem(location, line: error.line, column: error.column, message: error.message)
            }
            if event.kind == .alias {
                throw problem("aliases are not allowed in a token file", at: event)
            }
            if event.hasAnchor {
                throw problem("anchors are not allowed in a token file", at: event)
            }
            if event.hasTagOrDirective {
                throw problem("tags and directives are not allowed in a token file", at: event)
            }
            return event
        }

        _ = try next()  // stream start
        var event = try next()
        if event.kind == .streamEnd {
            throw problem("file is empty")
        }
        let mapping = try next()
        guard mapping.kind == .mappingStart else {
            throw problem("a token file must be one mapping of keys to values", at: mapping)
        }
        var values = FieldValues(labelBytes: stream.takeLabelBuffer())
        defer { stream.keepLabelBuffer(values.labelBytes) }
        while true {
            let key = try next()
            if key.kind == .mappingEnd { break }
            guard key.kind == .scalar else {
                throw problem("keys must be plain words", at: key)
            }
            guard let field = TokenFileField(key: key.value) else {
                throw problem("unknown key \(quotedKey(key.value))", at: key)
            }
            guard !values.has(field) else {
                throw problem("duplicate key \"\(field.key)\"", at: key)
            }
            let value = try next()
            guard value.kind == .scalar else {
                throw problem("the value of \"\(field.key)\" must be a single value, not a list or mapping", at: value)
            }
            values.set(field, value.value, line: value.line, column: value.column)
        }
        event = try next()  // document end
        event = try next()
        guard event.kind == .streamEnd else {
            throw problem("a token file holds one document, found another", at: event)
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
    private static func quotedKey(_ bytes: UnsafeRawBufferPointer) -> String {
        let isWord =
            (1...32).contains(bytes.count) && !bytes.starts(with: TokenFormat.prefix.utf8)
            && bytes.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
        return isWord ? "\"\(String(decoding: bytes, as: UTF8.self))\"" : "(not shown)"
    }
}
