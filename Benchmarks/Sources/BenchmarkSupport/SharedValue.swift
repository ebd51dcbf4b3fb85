import Foundation

/// A value that a benchmark's setup, body and teardown share, behind a lock.
public final class SharedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    /// Creates a box holding `value`.
    public init(_ value: Value) {
        stored = value
    }

    /// The value now.
    public var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
