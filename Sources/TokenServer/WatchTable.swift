import Glibc
import TokenVerification

/// The inotify watches on one data folder: on the folder, on each workspace folder in it, and on the
/// folder holding each symbolic link along the data-folder path; and what their events mean.
struct WatchTable {
    /// What a watch is on.
    private enum Watched {
        case dataFolder
        case workspace(String)
        /// The folder that holds a symbolic link along the data-folder path, named here.
        case linkHolder(link: String)
    }

    /// What is reported for the data folder and its workspace folders.
    private static let folderEvents =
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF
        | IN_MOVE_SELF | IN_DONT_FOLLOW | IN_EXCL_UNLINK
    /// What is reported for a folder holding a symbolic link along the path: the link replaced.
    private static let linkEvents = IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_EXCL_UNLINK

    /// The data-folder path as given.
    let dataFolder: String
    /// Where the path led when the watches were set up, or `nil` when it led nowhere.
    private var resolved: String?
    private var watches: [Int32: Watched] = [:]
    /// Whether the watches must be set up again: the folder was deleted, moved or replaced.
    var needsEstablishing = false

    init(dataFolder: String) {
        self.dataFolder = dataFolder
    }

    /// Removes every watch and sets them up again where the path leads now. A path that leads
    /// nowhere gets no watches (``resolvesElsewhere()`` notices when it leads somewhere again).
    ///
    /// - Returns: Why inotify cannot watch the folder (out of watches, no permission), if it cannot.
    mutating func establish(with inotify: Inotify) -> WatchFailure? {
        for watch in watches.keys {
            inotify.unwatch(watch)
        }
        watches = [:]
        needsEstablishing = false
        resolved = Self.resolve(dataFolder)
        guard let folder = resolved else { return nil }
        for (holder, link) in Self.linksAlong(dataFolder) {
            if let failure = add(holder, .linkHolder(link: link), Self.linkEvents, with: inotify) { return failure }
        }
        if let failure = add(folder, .dataFolder, Self.folderEvents, with: inotify) { return failure }
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard WorkspaceSlug.isValid(name), Self.isFolder(entry.pointee.d_type, "\(folder)/\(name)") else {
                continue
            }
            if let failure = add("\(folder)/\(name)", .workspace(name), Self.folderEvents, with: inotify) {
                return failure
            }
        }
        return nil
    }

    /// Whether the data-folder path leads somewhere else than when the watches were set up.
    func resolvesElsewhere() -> Bool {
        Self.resolve(dataFolder) != resolved
    }

    /// Adds what `event` says changed to `notice`, and keeps the watches in step: a workspace folder
    /// that appears is watched at once, before its files are listed.
    mutating func note(_ event: Inotify.Event, in notice: inout DataFolderWatcher.Notice, with inotify: Inotify) {
        if event.has(IN_Q_OVERFLOW) {
            notice.rereadAllBecause = notice.rereadAllBecause ?? "the kernel's event queue overflowed"
            return
        }
        if event.has(IN_IGNORED) {
            watches[event.watch] = nil
            return
        }
        switch watches[event.watch] {
        case .dataFolder:
            noteInDataFolder(event, in: &notice, with: inotify)
        case .workspace(let workspace):
            if event.name.contains("\u{FFFD}") {
                notice.changes.changedWhole(workspace)
            } else if event.name.isEmpty || event.name == DataFolderLayout.gitEntry {
                notice.changes.changedEntries(in: workspace)
            } else if DataFolderLayout.isTokenFileName(utf8: event.name.utf8) {
                notice.changes.changedFile(String(event.name.dropLast(5)), in: workspace)
            }
        case .linkHolder(let link):
            if event.name == link {
                needsEstablishing = true
                notice.folderReplaced = true
                notice.rereadAllBecause =
                    notice.rereadAllBecause ?? "a symbolic link along the data folder path changed"
            }
        case nil:
            break
        }
    }

    private mutating func noteInDataFolder(
        _ event: Inotify.Event, in notice: inout DataFolderWatcher.Notice, with inotify: Inotify
    ) {
        if event.has(IN_DELETE_SELF | IN_MOVE_SELF) {
            needsEstablishing = true
            notice.folderReplaced = true
            notice.rereadAllBecause = notice.rereadAllBecause ?? "the data folder was deleted or moved"
            return
        }
        guard !event.name.isEmpty else {
            notice.changes.dataFolderEntries = true
            return
        }
        guard DataFolderLayout.isVisible(utf8: event.name.utf8) else { return }
        notice.changes.dataFolderEntries = true
        guard event.has(IN_ISDIR) else { return }
        notice.changes.changedWhole(event.name)
        if event.has(IN_CREATE | IN_MOVED_TO), WorkspaceSlug.isValid(event.name), let folder = resolved,
            let failure = add("\(folder)/\(event.name)", .workspace(event.name), Self.folderEvents, with: inotify)
        {
            notice.failure = failure.reason
        }
    }

    /// Watches `path`. A folder that is gone by now is no failure: its removal has an event too.
    private mutating func add(_ path: String, _ watched: Watched, _ mask: Int32, with inotify: Inotify) -> WatchFailure?
    {
        guard let watch = inotify.watch(path, for: mask) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            let reason =
                errno == ENOSPC
                ? "out of inotify watches (raise fs.inotify.max_user_watches)"
                : "cannot watch \(path): \(String(cString: strerror(errno)))"
            return WatchFailure(reason)
        }
        watches[watch] = watched
        return nil
    }

    /// Where `path` leads, every symbolic link followed, or `nil` when it leads nowhere.
    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Each symbolic link along `path` (made absolute): the folder that holds it, and its name.
    private static func linksAlong(_ path: String) -> [(holder: String, link: String)] {
        var absolute = path
        if !path.hasPrefix("/"), let current = getcwd(nil, 0) {
            absolute = String(cString: current) + "/" + path
            free(current)
        }
        var links: [(holder: String, link: String)] = []
        var prefix = ""
        for component in absolute.split(separator: "/") {
            let holder = prefix.isEmpty ? "/" : prefix
            prefix += "/\(component)"
            var status = stat()
            if lstat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
                links.append((holder, String(component)))
            }
        }
        return links
    }

    /// Whether a directory entry of type `type` at `path` is a folder (not a link to one).
    private static func isFolder(_ type: UInt8, _ path: String) -> Bool {
        if type != DT_UNKNOWN { return type == DT_DIR }
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
