import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a font down to some characters with HarfBuzz's subsetter, the library WeasyPrint cuts fonts with too
/// (`libharfbuzz-subset`, a system library: `scripts/ensure-deps pdf` installs it). It is loaded when first needed
/// (`dlopen`), so the casebook binary runs without it; `load()` is nil then. A Noto CJK face (65,535 glyphs) takes a few
/// hundredths of a second, where fontTools takes seconds.
///
/// The cut keeps every layout feature (`GSUB`/`GPOS` for the characters kept, so Pango shapes the text as with the
/// whole face), drops hinting (WeasyPrint embeds fonts without it) and desubroutinizes the CFF outlines (as WeasyPrint
/// does). Glyphs are numbered anew, which is what makes the PDFs smaller: WeasyPrint keeps the glyph numbers of the
/// face it is given.
struct FontSubsetter {
    private typealias BlobFromFile = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias FaceCreate = @convention(c) (OpaquePointer?, UInt32) -> OpaquePointer?
    private typealias InputCreate = @convention(c) () -> OpaquePointer?
    private typealias InputUnicodes = @convention(c) (OpaquePointer?) -> OpaquePointer?
    private typealias InputSet = @convention(c) (OpaquePointer?, Int32) -> OpaquePointer?
    private typealias InputFlags = @convention(c) (OpaquePointer?, UInt32) -> Void
    private typealias SetAdd = @convention(c) (OpaquePointer?, UInt32) -> Void
    private typealias Call = @convention(c) (OpaquePointer?) -> Void
    private typealias Subset = @convention(c) (OpaquePointer?, OpaquePointer?) -> OpaquePointer?
    private typealias FaceBlob = @convention(c) (OpaquePointer?) -> OpaquePointer?
    private typealias BlobData = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt32>?) -> UnsafePointer<CChar>?
    private typealias GlyphCount = @convention(c) (OpaquePointer?) -> UInt32

    // hb-subset.h: hb_subset_sets_t and hb_subset_flags_t.
    private static let layoutFeatureTags: Int32 = 6
    private static let noHinting: UInt32 = 0x1, desubroutinize: UInt32 = 0x4

    private let blobFromFile: BlobFromFile, faceCreate: FaceCreate, faceDestroy: Call, blobDestroy: Call
    private let inputCreate: InputCreate, inputUnicodes: InputUnicodes, inputSet: InputSet, inputFlags: InputFlags
    private let inputDestroy: Call, setAdd: SetAdd, setClear: Call, setInvert: Call, subset: Subset, faceBlob: FaceBlob, blobData: BlobData
    private let glyphCount: GlyphCount

    /// The subsetter, or nil when the library (HarfBuzz 3 or later) cannot be loaded.
    static func load() -> FontSubsetter? {
        let names = ["libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"]
        guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { return nil }
        // The hb_blob/hb_face/hb_set functions are libharfbuzz's, which libharfbuzz-subset links: dlsym finds them there.
        func symbol<T>(_ name: String, _: T.Type) -> T? { dlsym(library, name).map { unsafeBitCast($0, to: T.self) } }
        guard let blobFromFile = symbol("hb_blob_create_from_file", BlobFromFile.self),
              let faceCreate = symbol("hb_face_create", FaceCreate.self),
              let faceDestroy = symbol("hb_face_destroy", Call.self),
              let blobDestroy = symbol("hb_blob_destroy", Call.self),
              let inputCreate = symbol("hb_subset_input_create_or_fail", InputCreate.self),
              let inputUnicodes = symbol("hb_subset_input_unicode_set", InputUnicodes.self),
              let inputSet = symbol("hb_subset_input_set", InputSet.self),
              let inputFlags = symbol("hb_subset_input_set_flags", InputFlags.self),
              let inputDestroy = symbol("hb_subset_input_destroy", Call.self),
              let setAdd = symbol("hb_set_add", SetAdd.self),
              let setClear = symbol("hb_set_clear", Call.self),
              let setInvert = symbol("hb_set_invert", Call.self),
              let subset = symbol("hb_subset_or_fail", Subset.self),
              let faceBlob = symbol("hb_face_reference_blob", FaceBlob.self),
              let blobData = symbol("hb_blob_get_data", BlobData.self),
              let glyphCount = symbol("hb_face_get_glyph_count", GlyphCount.self)
        else { return nil }
        return FontSubsetter(blobFromFile: blobFromFile, faceCreate: faceCreate, faceDestroy: faceDestroy, blobDestroy: blobDestroy,
                             inputCreate: inputCreate, inputUnicodes: inputUnicodes, inputSet: inputSet, inputFlags: inputFlags,
                             inputDestroy: inputDestroy, setAdd: setAdd, setClear: setClear, setInvert: setInvert, subset: subset, faceBlob: faceBlob,
                             blobData: blobData, glyphCount: glyphCount)
    }

    /// The face `index` of the font file (a collection such as `.ttc` has several), cut to `characters`; nil when the
    /// file cannot be read as a font or the cut fails.
    func cut(file: String, index: Int, to characters: Set<Unicode.Scalar>) -> Data? {
        let blob = blobFromFile(file)
        defer { blobDestroy(blob) }
        guard let face = faceCreate(blob, UInt32(index)) else { return nil }
        defer { faceDestroy(face) }
        // A file that is not a font, or an index past the faces of a collection, gives an empty face (no glyphs).
        guard glyphCount(face) > 0 else { return nil }
        guard let input = inputCreate() else { return nil }
        defer { inputDestroy(input) }
        let unicodes = inputUnicodes(input)
        for scalar in characters { setAdd(unicodes, scalar.value) }
        // Every layout feature: the set holds HarfBuzz's default features (locl, vert, …), and inverted as it is it
        // would keep all but those; emptied first, inverted it means all.
        let features = inputSet(input, Self.layoutFeatureTags)
        setClear(features)
        setInvert(features)
        inputFlags(input, Self.noHinting | Self.desubroutinize)
        guard let result = subset(face, input) else { return nil }
        defer { faceDestroy(result) }
        let out = faceBlob(result)
        defer { blobDestroy(out) }
        var length: UInt32 = 0
        guard let bytes = blobData(out, &length), length > 0 else { return nil }
        return Data(bytes: bytes, count: Int(length))
    }
}
