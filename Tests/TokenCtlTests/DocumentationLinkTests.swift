import Foundation
import Testing

/// README.md and the pages under docs/ link to each other by relative paths and heading anchors. A page
/// moved or a heading renamed must not leave a link that points nowhere, so every relative Markdown link
/// `[text](target)` outside fenced code and code spans must name a file of the repository and, with a
/// `#anchor`, a heading of that Markdown file whose GitHub anchor is exactly the anchor. Links with a
/// `http:`, `https:` or `mailto:` target are not followed.
@Suite("Documentation links resolve")
struct DocumentationLinkTests {
    /// The package root: this file is `Tests/TokenCtlTests/DocumentationLinkTests.swift`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL

    /// `README.md` and every `docs/*.md`, as paths from the package root.
    static let documents: [String] = {
        let docs = root.appendingPathComponent("docs").path
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: docs)) ?? []
        return ["README.md"] + pages.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }()

    @Test("README.md and the pages under docs/ are found")
    func documentsFound() {
        #expect(Self.documents.count > 1, "no page under \(Self.root.path)/docs")
        for document in Self.documents {
            #expect(FileManager.default.isReadableFile(atPath: Self.root.appendingPathComponent(document).path))
        }
    }

    @Test("Every relative link and anchor resolves", arguments: documents)
    func linksResolve(_ document: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
        let broken = try Self.links(in: text).compactMap { link in
            try Self.problem(with: link.target, in: document).map { "\(document): \(link.link): \($0)" }
        }
        #expect(broken.isEmpty, "\n\(broken.joined(separator: "\n"))")
    }

    @Test(
        "Anchors are GitHub's heading slugs",
        arguments: [
            ("HTTP verifier: `tokenctl serve`", "http-verifier-tokenctl-serve"),
            ("nginx in front: `auth_request`", "nginx-in-front-auth_request"),
            ("Who is acting", "who-is-acting"),
            ("Errors and exit codes", "errors-and-exit-codes"),
            ("A [linked](docs/x.md) *heading*, 2nd", "a-linked-heading-2nd"),
        ])
    func slugs(_ heading: String, _ anchor: String) {
        #expect(Self.anchors(in: "# \(heading)\n") == [anchor])
    }

    @Test("Headings and links inside fenced code do not count; a repeated heading gets -1, -2")
    func fencesAndDuplicates() {
        let text = """
            # Notes
            ## Notes ##
            ```sh
            # not a heading
            [inside a fence](missing.md)
            ```
            ~~~~
            ```
            ## still code
            ~~~~
              ### Notes
            See [the notes](#notes-2), not `[a code span](missing.md)`.
            """
        #expect(Self.anchors(in: text) == ["notes", "notes-1", "notes-2"])
        #expect(Self.links(in: text).map(\.target) == ["#notes-2"])
    }

    /// What is wrong with a link `target` written in `document` (a path from the package root), or nil when
    /// it resolves or is not relative.
    static func problem(with target: String, in document: String) throws -> String? {
        if ["http:", "https:", "mailto:"].contains(where: { target.lowercased().hasPrefix($0) }) { return nil }
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let file =
            path.isEmpty
            ? root.appendingPathComponent(document)
            : root.appendingPathComponent(document).deletingLastPathComponent().appendingPathComponent(path)
                .standardizedFileURL
        guard file.path.hasPrefix(root.path + "/") else { return "\(path) is outside the repository" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            return "no file \(path)"
        }
        guard parts.count == 2 else { return nil }
        let anchor = String(parts[1]).removingPercentEncoding ?? String(parts[1])
        let name = path.isEmpty ? document : path
        guard !isDirectory.boolValue, file.pathExtension == "md" else {
            return "#\(anchor) points into \(name), which is not a Markdown file"
        }
        let text = try String(contentsOf: file, encoding: .utf8)
        return anchors(in: text).contains(anchor) ? nil : "no heading in \(name) has the anchor #\(anchor)"
    }

    /// The inline links `[text](target)` of a Markdown text, outside fenced code blocks and code spans: each
    /// link as written, and its target.
    static func links(in text: String) -> [(link: String, target: String)] {
        let link = /\[(?:[^\[\]]|\[[^\[\]]*\])*\]\((?<target>[^()\s]*)(?:\s+"[^"]*")?\)/
        return proseLines(text).flatMap { line in
            withoutCodeSpans(line).matches(of: link).map {
                (link: String($0.output.0), target: String($0.output.target))
            }
        }
    }

    /// The anchors GitHub gives the ATX headings of a Markdown text, outside fenced code blocks: the heading's
    /// text lowercased, without code span backticks, link targets and punctuation other than `-` and `_`, with
    /// each space a hyphen; a repeated anchor gets `-1`, `-2`, ….
    static func anchors(in text: String) -> [String] {
        let heading = /^ {0,3}#{1,6}(?:[ \t]+(?<title>.*?))?(?:[ \t]+#+)?[ \t]*$/
        let linkTarget = /\]\([^)]*\)/
        var seen: [String: Int] = [:]
        var anchors: [String] = []
        for line in proseLines(text) {
            guard let match = line.wholeMatch(of: heading) else { continue }
            let title = (match.output.title.map(String.init) ?? "").replacing(linkTarget, with: "")
            let base = String(
                title.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == " " }
                    .map { $0 == " " ? "-" : $0 })
            var anchor = base
            while seen[anchor] != nil {
                seen[base, default: 0] += 1
                anchor = "\(base)-\(seen[base, default: 0])"
            }
            seen[anchor] = 0
            anchors.append(anchor)
        }
        return anchors
    }

    /// The lines of a Markdown text that are outside fenced code blocks: a block opens with three or more `` ` ``
    /// (and no backtick after them) or `~`, indented at most three spaces, and closes with a run of the same
    /// character at least as long.
    static func proseLines(_ text: String) -> [Substring] {
        var fence: (marker: Character, length: Int)?
        var prose: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if indent <= 3, let marker = rest.first, marker == "`" || marker == "~" {
                let length = rest.prefix { $0 == marker }.count
                if let open = fence, marker == open.marker, length >= open.length,
                    rest.dropFirst(length).allSatisfy({ $0 == " " || $0 == "\t" })
                {
                    fence = nil
                    continue
                }
                if fence == nil, length >= 3, marker == "~" || !rest.dropFirst(length).contains("`") {
                    fence = (marker, length)
                    continue
                }
            }
            if fence == nil { prose.append(line) }
        }
        return prose
    }

    /// `line` with every code span (a run of backticks up to the next run of the same length) removed.
    static func withoutCodeSpans(_ line: Substring) -> String {
        var kept = ""
        var rest = line[...]
        while let start = rest.firstIndex(of: "`") {
            kept += rest[..<start]
            let opening = rest[start...].prefix { $0 == "`" }
            var search = opening.endIndex
            var close: String.Index?
            while let next = rest[search...].firstIndex(of: "`") {
                let run = rest[next...].prefix { $0 == "`" }
                if run.count == opening.count {
                    close = run.endIndex
                    break
                }
                search = run.endIndex
            }
            guard let close else {
                kept += opening
                rest = rest[opening.endIndex...]
                continue
            }
            rest = rest[close...]
        }
        return kept + rest
    }
}
