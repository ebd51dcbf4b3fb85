internal import CLibYAML

/// libyaml's emitter writing one block mapping of scalar pairs into memory.
///
/// It owns its `yaml_emitter_t` and frees it in `deinit`.
final class YAMLEmitter {
    /// How a scalar value is written.
    enum Style {
        /// Let libyaml choose: plain when that is unambiguous YAML syntax, quoted otherwise.
        case automatic
        /// Quoted, so that a YAML 1.1 reader cannot take it for a bool, null or number.
        case quoted
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let output = OutputBuffer()

    /// Starts a stream, an implicit document and a block mapping.
    init() throws(TokenStoreError) {
        emitter = .allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) == 1 else {
            emitter.deallocate()
            throw .emitterUnavailable
        }
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_output(
            emitter,
            { context, bytes, size in
                guard let context, let bytes else { return 0 }
                Unmanaged<OutputBuffer>.fromOpaque(context).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: bytes, count: size))
                return 1
            }, Unmanaged.passUnretained(output).toOpaque())
        try emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
        try emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, 1) }
        try emit { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// Writes `key: value`.
    func pair(_ key: String, _ value: String, style: Style = .automatic) throws(TokenStoreError) {
        try scalar(key, style: YAML_PLAIN_SCALAR_STYLE)
        try scalar(value, style: style == .quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE)
    }

    /// Ends the mapping, document and stream, and returns the bytes written.
    func finish() throws(TokenStoreError) -> [UInt8] {
        try emit { yaml_mapping_end_event_initialize(&$0) }
        try emit { yaml_document_end_event_initialize(&$0, 1) }
        try emit { yaml_stream_end_event_initialize(&$0) }
        guard yaml_emitter_flush(emitter) == 1 else { throw failure() }
        return output.bytes
    }

    private func scalar(_ text: String, style: yaml_scalar_style_t) throws(TokenStoreError) {
        var bytes = Array(text.utf8)
        let length = Int32(bytes.count)
        // libyaml copies the value while initialising the event, so the buffer need not outlive this call.
        try bytes.withUnsafeMutableBufferPointer { buffer in
            Result { () throws(TokenStoreError) in
                try emit { yaml_scalar_event_initialize(&$0, nil, nil, buffer.baseAddress, length, 1, 1, style) }
            }
        }.get()
    }

    private func emit(_ initialize: (inout yaml_event_t) -> Int32) throws(TokenStoreError) {
        var event = yaml_event_t()
        guard initialize(&event) == 1 else {
            throw .emitterEventUnavailable
        }
        // yaml_emitter_emit takes ownership of the event, on success and on failure.
        guard yaml_emitter_emit(emitter, &event) == 1 else { throw failure() }
    }

    private func failure() -> TokenStoreError {
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        return .emitterFailed(problem: problem)
    }

    private final class OutputBuffer {
        var bytes: [UInt8] = []
    }
}
