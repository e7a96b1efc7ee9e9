#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `errno` value in words a user can act on, in English and Chinese, with a stable kebab-case kind for diagnostic
/// ids (`no-space` → `write.no-space`): the one table every fault of a file operation is said from.
public enum SystemError {
    public static func words(for code: Int32) -> (kind: String, en: String, zh: String) {
        switch code {
        case ENOSPC: return ("no-space", "no space left on device", "磁盘空间不足")
        case EDQUOT: return ("no-space", "disk quota exceeded", "超出磁盘配额")
        case EACCES, EPERM: return ("permission", "permission denied", "没有权限")
        case EROFS: return ("read-only", "read-only file system", "文件系统是只读的")
        case ENOENT: return ("not-found", "no such file or folder", "没有这个文件或文件夹")
        case ENOTDIR: return ("not-a-folder", "part of the path is a file, not a folder", "路径中有一部分是文件而不是文件夹")
        case EISDIR: return ("is-a-folder", "it is a folder", "它是一个文件夹")
        case EEXIST: return ("exists", "it already exists", "它已经存在")
        case ENAMETOOLONG: return ("name-too-long", "the name is too long", "名称太长")
        case EMFILE, ENFILE: return ("too-many-files", "too many open files", "打开的文件太多")
        case EIO: return ("io", "input/output error (a failing disk?)", "输入/输出错误（磁盘可能有故障）")
        case EXDEV: return ("cross-device", "it is on another file system", "它在另一个文件系统上")
        case ELOOP: return ("symlink-loop", "too many levels of symbolic links", "符号链接层数太多")
        case EADDRINUSE: return ("port-in-use", "another program uses that port", "该端口已被其他程序占用")
        default:
            let said = String(cString: strerror(code)).lowercased()
            return ("failed", said, "系统错误（\(said)）")
        }
    }
}
