import Foundation
import Testing
import TokenVerification

@Suite("Usage documents: the JSON of /v1/usage and of usage files")
struct UsageDocumentTests {
    let document = UsageDocument(
        generatedAt: Date(timeIntervalSince1970: 1_800_000_060),
        trackingSince: Date(timeIntervalSince1970: 1_790_000_000),
        dataFolder: "git:0123abcd:workspace",
        tokens: [
            UsageEntry(
                workspace: "zeta", id: "01J0000000000000000000000Z",
                lastUsed: Date(timeIntervalSince1970: 1_799_999_940)),
            UsageEntry(
                workspace: "acme", id: "01J0000000000000000000000A",
                lastUsed: Date(timeIntervalSince1970: 1_799_000_000)),
        ])

    @Test("Written with sorted keys and tokens, RFC 3339 times, and read back the same")
    func roundTrip() throws {
        let json = String(decoding: document.json(), as: UTF8.self)
        #expect(json.hasPrefix(#"{"data_folder":"git:0123abcd:workspace","generated_at":"2027-01-15T08:01:00Z""#))
        #expect(json.range(of: "acme")!.lowerBound < json.range(of: "zeta")!.lowerBound)
        #expect(json.contains(#""last_used":"2027-01-15T07:59:00Z""#))
        let read = try UsageDocument(json: document.json())
        #expect(read.tokens.count == 2)
        #expect(Set(read.tokens) == Set(document.tokens))
        #expect(read.generatedAt == document.generatedAt && read.dataFolder == document.dataFolder)
    }

    @Test(
        "Bad documents name what is wrong",
        arguments: [
            ("", "not JSON (truncated or garbled)"),
            (#"{"generated_at": "2027-01-15T08:01:00Z", "tracking"#, "not JSON (truncated or garbled)"),
            ("\u{0}\u{1}garbage", "not JSON (truncated or garbled)"),
            (
                #"{"generated_at": "2027-01-15T08:01:00Z", "tracking_since": "2027-01-01T00:00:00Z", "tokens": []}"#,
                "data_folder: missing"
            ),
            (
                #"{"generated_at": "yesterday", "tracking_since": "2027-01-01T00:00:00Z", "data_folder": "x", "tokens": []}"#,
                "generated_at: not a time like 2026-01-31T12:00:00Z"
            ),
            (
                #"{"generated_at": "2027-01-15T08:01:00Z", "tracking_since": "2027-01-01T00:00:00Z", "data_folder": "x", "tokens": {}}"#,
                "tokens: not the expected type"
            ),
        ])
    func badDocuments(text: String, reason: String) {
        #expect(throws: UsageDocumentError(reason: reason)) { try UsageDocument(json: Data(text.utf8)) }
    }

    @Test("An entry that is not an entry is left out with its reason; the entries around it are kept")
    func malformedEntries() throws {
        let good = #"{"workspace": "acme", "id": "0123456789ab", "last_used": "2027-01-15T08:00:00Z"}"#
        let json = """
            {"generated_at": "2027-01-15T08:01:00Z", "tracking_since": "2027-01-01T00:00:00Z", "data_folder": "x",
             "tokens": [\(good), {"workspace": "a", "id": "b"}, 42, {"workspace": "a", "id": "b", "last_used": "soon"},
              [\(good)], \(good.replacingOccurrences(of: "0123", with: "4567"))]}
            """
        let read = try UsageDocument(json: Data(json.utf8))
        #expect(read.tokens.map(\.id) == ["0123456789ab", "4567456789ab"])
        #expect(
            read.malformedEntries == [
                "tokens[1].last_used: missing", "tokens[2]: not the expected type",
                "tokens[3].last_used: not a time like 2026-01-31T12:00:00Z", "tokens[4]: not the expected type",
            ])
        #expect(!String(decoding: read.json(), as: UTF8.self).contains("malformed"), "never written")
    }
}
