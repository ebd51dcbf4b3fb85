extension YAMLEventStream {
    /// Reads `bytes` as one flat mapping of plain keys to values: the strict reading that token and
    /// policy files share.
    ///
    /// No aliases, anchors, tags, directives, non-scalar keys or second documents; the parser stops
    /// at the first event that breaks those rules, so deep nesting costs nothing. The caller judges
    /// each key with `key` (its bytes last only until the value is read) and then its value with
    /// `value` (a nested value arrives as its collection's start event).
    /// - Parameters:
    ///   - kind: What the file is, for messages (`"token file"`).
    ///   - problem: Makes the problem for a message at a 1-based line and column, when known.
    /// - Returns: The mapping's position, for problems about the file as a whole.
    /// - Throws: The first problem found, by this walk or by the caller's closures.
    func readFlatMapping<Key>(
        _ bytes: UnsafeRawBufferPointer, kind: String, problem: (String, Int?, Int?) -> LoadProblem,
        key: (Event) throws(LoadProblem) -> Key, value: (Key, Event) throws(LoadProblem) -> Void
    ) throws(LoadProblem) -> (line: Int, column: Int) {
        start(input: bytes)
        @inline(__always)
        func next() throws(LoadProblem) -> Event {
            let event: Event
            do throws(SyntaxError) {
                event = try self.next()
            } catch {
                throw problem(error.message, error.line, error.column)
            }
            if event.kind == .alias {
                throw problem("aliases are not allowed in a \(kind)", event.line, event.column)
            }
            if event.hasAnchor {
                throw problem("anchors are not allowed in a \(kind)", event.line, event.column)
            }
            if event.hasTagOrDirective {
                throw problem("tags and directives are not allowed in a \(kind)", event.line, event.column)
            }
            return event
        }

        _ = try next()  // stream start
        var event = try next()
        if event.kind == .streamEnd {
            throw problem("file is empty", nil, nil)
        }
        let mapping = try next()
        guard mapping.kind == .mappingStart else {
            throw problem("a \(kind) must be one mapping of keys to values", mapping.line, mapping.column)
        }
        while true {
            let keyEvent = try next()
            if keyEvent.kind == .mappingEnd { break }
            guard keyEvent.kind == .scalar else {
                throw problem("keys must be plain words", keyEvent.line, keyEvent.column)
            }
            let known = try key(keyEvent)
            try value(known, try next())
        }
        event = try next()  // document end
        event = try next()
        guard event.kind == .streamEnd else {
            throw problem("a \(kind) holds one document, found another", event.line, event.column)
        }
        return (mapping.line, mapping.column)
    }
}
