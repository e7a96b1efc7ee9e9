/// Han ideographs (CJK Unified Ideographs and Extension A), for terms made of characters.
extension Character {
    var isHan: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
    }
}
