import CLibCrypto
import Foundation

/// SHA-256 of the system's OpenSSL libcrypto (its EVP interface): the digest of every cache key and content identity.
/// OpenSSL rather than swift-crypto: the same digest, but swift-crypto compiles its own copy of BoringSSL (about 390
/// C and assembly files, 90 s of a release build on 2 cores) for the one function Casebook uses, and libcrypto is
/// already on every machine the release archive runs on (libcurl4 depends on it).
/// A value is used by one thread; a copy shares the digest in progress, so hash with one value from start to end.
public struct SHA256 {
    private final class Context {
        let pointer: OpaquePointer
        init() {
            guard let pointer = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest") }
            guard EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else { fatalError("libcrypto has no SHA-256") }
            self.pointer = pointer
        }
        deinit { EVP_MD_CTX_free(pointer) }
    }

    private let context = Context()

    public init() {}

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard let base = bufferPointer.baseAddress, !bufferPointer.isEmpty else { return }
        guard EVP_DigestUpdate(context.pointer, base, bufferPointer.count) == 1 else { fatalError("libcrypto failed to digest") }
    }

    public mutating func update(data: Data) { data.withUnsafeBytes { update(bufferPointer: $0) } }
    public mutating func update(data: [UInt8]) { data.withUnsafeBytes { update(bufferPointer: $0) } }

    /// The 32 bytes of the digest.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context.pointer, &digest, &length) == 1, length == 32 else { fatalError("libcrypto failed to digest") }
        return Array(digest.prefix(32))
    }

    public static func hash(data: Data) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }

    public static func hash(data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }
}
