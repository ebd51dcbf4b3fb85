import Foundation

/// Finds a key named twice in one JSON object, which `JSONDecoder` would resolve silently by
/// taking one of the values: `{"token": A, "token": B}` must not mean A to one reader and B to
/// another.
enum JSONDuplicateKeys {
    /// Whether any object in `json` names a key twice, escapes decoded (`"to\u006ben"` is `"token"`).
    ///
    /// - Parameter json: A document that a JSON parser has accepted; on anything else the answer
    ///   means nothing.
    static func appear(in json: [UInt8]) -> Bool {
        // One entry per open container: the keys seen so far for an object, nil for an array.
        var containers: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "{"):
                containers.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                containers.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = containers.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = containers.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                let end = closingQuote(in: json, after: index)
                if expectingKey, case .some(.some(var keys)) = containers.last {
                    guard keys.insert(decoded(json[index...min(end, json.count - 1)])).inserted else { return true }
                    containers[containers.count - 1] = keys
                    expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// The index of the quote that closes the string opening at `start`, or the end of `json`.
    private static func closingQuote(in json: [UInt8], after start: Int) -> Int {
        var index = start + 1
        while index < json.count && json[index] != UInt8(ascii: "\"") {
            index += json[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return index
    }

    /// A quoted JSON string's value (quotes included in `quoted`).
    private static func decoded(_ quoted: ArraySlice<UInt8>) -> String {
        guard quoted.contains(UInt8(ascii: "\\")) else {
            return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
        }
        let array = Data([UInt8(ascii: "[")] + quoted + [UInt8(ascii: "]")])
        return (try? JSONDecoder().decode([String].self, from: array))?.first ?? String(decoding: quoted, as: UTF8.self)
    }
}
