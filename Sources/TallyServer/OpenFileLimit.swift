#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The process's limit of open files, which caps the server's connections: every socket is a file.
public enum OpenFileLimit {
    /// Raises the soft limit to the hard limit, as far as the system allows; `tally serve` does so at start.
    ///
    /// - Returns: the soft limit before and after, or `nil` when the limits cannot be read or changed.
    public static func raise() -> (before: UInt64, after: UInt64)? {
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(resource, &limit) == 0, getrlimit(resource, &limit) == 0 else { return nil }
        return (before, UInt64(limit.rlim_cur))
    }
}
