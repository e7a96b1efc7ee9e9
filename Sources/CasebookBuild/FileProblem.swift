import CasebookCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file operation failed, as words a user can act on: the one place that maps `errno` values and
/// Foundation's `CocoaError` codes to sentences (never a raw `Error Domain=NSCocoaErrorDomain…` dump).
public struct FileProblem: Error, Sendable, CustomStringConvertible {
    /// The POSIX error number behind it, when known.
    public var code: Int32?
    /// Lower-case cause: `no space left on device`.
    public var cause: String
    /// The cause in Chinese: `磁盘空间不足`.
    public var chineseCause: String
    /// Stable kebab-case suffix for diagnostic ids: `no-space` (→ `write.no-space`).
    public var kind: String

    public var description: String { cause }

    /// The path a Foundation error names (`NSFilePath`, `NSURL`), if any.
    public static func path(of error: any Error) -> String? {
        let info = (error as NSError).userInfo
        if let path = info[NSFilePathErrorKey] as? String { return path }
        if let url = info[NSURLErrorKey] as? URL { return url.path }
        return nil
    }

    /// Whether an error is a file system error that this type can put in words (and should, rather than dump it).
    public static func isFileError(_ error: any Error) -> Bool {
        if error is FileProblem || error is POSIXError { return true }
        let domain = (error as NSError).domain
        return domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain
    }

    public init(errno code: Int32) {
        self.code = code
        (kind, cause, chineseCause) = SystemError.words(for: code)
    }

    /// Whatever a file operation threw: a `FileProblem`, a `POSIXError`, a `CocoaError` (with or without an
    /// underlying POSIX error) or anything else.
    public init(_ error: any Error) {
        if let p = error as? FileProblem {
            self = p
        } else if let code = FileProblem.errno(of: error) {
            self.init(errno: code)
        } else {
            self.init(code: nil, words: FileProblem.words(for: error))
        }
    }

    init(code: Int32?, words: (kind: String, en: String, zh: String)) {
        self.code = code
        (kind, cause, chineseCause) = words
    }

    /// A Foundation error without a POSIX error number, in words (English and Chinese, as `SystemError`'s).
    static func words(for error: any Error) -> (kind: String, en: String, zh: String) {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain else {
            let said = String(describing: error)
            return ("failed", said, "出错（\(said)）")
        }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileReadCorruptFile: return ("corrupt", "the file is damaged", "文件已损坏")
        case .fileReadTooLarge: return ("too-large", "the file is too large", "文件太大")
        case .fileReadInvalidFileName, .fileWriteInvalidFileName: return ("invalid-name", "the name is not a valid file name", "名称不是有效的文件名")
        case .fileReadUnknownStringEncoding, .fileReadInapplicableStringEncoding: return ("encoding", "the text encoding is not supported", "不支持该文本编码")
        default: return ("failed", "the file system refused (code \(ns.code))", "文件系统拒绝了操作（代码 \(ns.code)）")
        }
    }

    /// The POSIX error number inside a `POSIXError` or a `CocoaError`.
    static func errno(of error: any Error) -> Int32? {
        if let p = error as? POSIXError { return p.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, let code = errno(of: underlying) { return code }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteFileExists: return EEXIST
        case .fileLocking: return ENOLCK
        default: return nil
        }
    }

    /// The cause in `language`.
    public func cause(in language: Language) -> String { language == .chinese ? chineseCause : cause }

    /// The arguments a fault's catalog sentence takes for this cause: `cause` and `cause_zh`.
    public var arguments: [String: String] { ["cause": cause, "cause_zh": chineseCause] }
}
