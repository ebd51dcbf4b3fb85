import BenchmarkFloors
import Foundation

/// The process's resident memory, from `/proc/self/statm`.
public enum ResidentMemory {
    /// Resident bytes now, after handing freed heap pages back to the system (`malloc_trim`), so
    /// that what remains is what is in use.
    public static func bytes() -> Int {
        floor_release_free_memory()
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
