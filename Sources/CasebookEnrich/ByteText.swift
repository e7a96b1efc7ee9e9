/// A text as UTF-8 bytes, for counting substrings fast (String search through Foundation is slow on Linux).
/// UTF-8 is self-synchronising, so a byte match of a whole needle is a character match.
struct ByteText: Sendable {
    let bytes: [UInt8]
    init(_ s: String) { bytes = Array(s.utf8) }

    func count(_ needle: [UInt8]) -> Int {
        let n = needle.count, h = bytes.count
        guard n > 0, n <= h else { return 0 }
        var found = 0
        var i = 0
        let first = needle[0]
        return bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { nd in
                while i <= h - n {
                    if hay[i] == first {
                        var j = 1
                        while j < n && hay[i + j] == nd[j] { j += 1 }
                        if j == n { found += 1; i += n; continue }
                    }
                    i += 1
                }
                return found
            }
        }
    }

    func count(_ needle: String) -> Int { count(Array(needle.utf8)) }
    func contains(_ needle: String) -> Bool { count(Array(needle.utf8)) > 0 }
}
