internal import CLibYAML

/// libyaml's parser read one event at a time: no document tree, no alias expansion.
///
/// The stream owns its `yaml_parser_t` and current `yaml_event_t` and frees both in `deinit`.
/// One stream can read one input after another (``start(input:)``), so a thread reading many
/// files allocates it once. The input bytes must stay valid until the next input or `deinit`.
package final class YAMLEventStream {
    /// What an event is.
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case mappingStart, mappingEnd, sequenceStart, sequenceEnd, scalar, alias
    }

    /// One parser event, valid until the next call to ``next()``.
    struct Event {
        var kind: Kind
        /// 1-based position where the event starts.
        var line: Int
        var column: Int
        /// The scalar's bytes (empty for other kinds).
        var value: UnsafeRawBufferPointer
        /// Whether the node carries an anchor (`&a`).
        var hasAnchor: Bool
        /// Whether the node carries an explicit tag (`!x`), or a document declares `%TAG`/`%YAML`.
        var hasTagOrDirective: Bool
    }

    /// A syntax or encoding error from libyaml, with its 1-based position when it has one.
    struct SyntaxError: Error {
        var line: Int?
        var column: Int?
        var message: String
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var holdsEvent = false
    private var holdsParser = false
    private var labelBuffer: [UInt8] = []

    /// A stream with no input yet: call ``start(input:)`` before ``next()``.
    package init() {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
    }

    deinit {
        finish()
        parser.deallocate()
        event.deallocate()
    }

    /// Starts parsing `input` from its beginning, dropping whatever the stream read before.
    func start(input: UnsafeRawBufferPointer) {
        finish()
        guard yaml_parser_initialize(parser) == 1 else {
            preconditionFailure("libyaml could not allocate a parser")
        }
        holdsParser = true
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(
            parser, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count)
    }

    /// The buffer a parse copies free-text values into (libyaml's bytes last only until the next
    /// event), taken so that its memory serves one file after another; give it back with
    /// ``keepLabelBuffer(_:)``.
    func takeLabelBuffer() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &labelBuffer)
        return taken
    }

    /// Keeps `buffer` for the next ``takeLabelBuffer()``.
    func keepLabelBuffer(_ buffer: [UInt8]) {
        labelBuffer = buffer
    }

    private func finish() {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        if holdsParser {
            yaml_parser_delete(parser)
            holdsParser = false
        }
    }

    /// Parses the next event.
    ///
    /// - Throws: ``SyntaxError`` when the input is not well-formed YAML.
    func next() throws(SyntaxError) -> Event {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else {
            throw syntaxError()
        }
        holdsEvent = true
        return describeEvent()
    }

    /// The current event, its fields read in place and written straight into ``next()``'s result
    /// (copying libyaml's whole event struct, or a finished `Event`, on every event cost more than
    /// the rest of the walk).
    @inline(__always)
    private func describeEvent() -> Event {
        let raw = event
        var described = Event(
            kind: .streamStart, line: raw.pointee.start_mark.line + 1, column: raw.pointee.start_mark.column + 1,
            value: UnsafeRawBufferPointer(start: nil, count: 0), hasAnchor: false, hasTagOrDirective: false)
        switch raw.pointee.type {
        case YAML_SCALAR_EVENT:
            described.kind = .scalar
            described.value = UnsafeRawBufferPointer(
                start: raw.pointee.data.scalar.value, count: raw.pointee.data.scalar.length)
            described.hasAnchor = raw.pointee.data.scalar.anchor != nil
            described.hasTagOrDirective = raw.pointee.data.scalar.tag != nil
        case YAML_STREAM_START_EVENT:
            described.kind = .streamStart
        case YAML_STREAM_END_EVENT:
            described.kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            described.kind = .documentStart
            described.hasTagOrDirective =
                raw.pointee.data.document_start.version_directive != nil
                || raw.pointee.data.document_start.tag_directives.start
                    != raw.pointee.data.document_start.tag_directives.end
        case YAML_DOCUMENT_END_EVENT:
            described.kind = .documentEnd
        case YAML_MAPPING_START_EVENT:
            described.kind = .mappingStart
            described.hasAnchor = raw.pointee.data.mapping_start.anchor != nil
            described.hasTagOrDirective = raw.pointee.data.mapping_start.tag != nil
        case YAML_MAPPING_END_EVENT:
            described.kind = .mappingEnd
        case YAML_SEQUENCE_START_EVENT:
            described.kind = .sequenceStart
            described.hasAnchor = raw.pointee.data.sequence_start.anchor != nil
            described.hasTagOrDirective = raw.pointee.data.sequence_start.tag != nil
        case YAML_SEQUENCE_END_EVENT:
            described.kind = .sequenceEnd
        default:
            described.kind = .alias
        }
        return described
    }

    private func syntaxError() -> SyntaxError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
        if state.error == YAML_READER_ERROR {
            return SyntaxError(message: "not valid UTF-8 text: \(problem) at byte \(state.problem_offset)")
        }
        if state.error == YAML_MEMORY_ERROR {
            return SyntaxError(message: "out of memory while parsing")
        }
        return SyntaxError(
            line: state.problem_mark.line + 1, column: state.problem_mark.column + 1,
            message: "yaml syntax error: \(problem)")
    }
}
