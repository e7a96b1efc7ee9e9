import Mustache

/// A value a template reads: a named type that says which keys it answers, so that a template using a key
/// its model does not provide is found before anything is rendered (`TemplateSet.checkKeys`).
///
/// swift-mustache looks keys up through `MustacheParent.child(named:)` (one dictionary look-up and a closure call
/// here) instead of `Mirror`, which is several times slower. A declared key whose value is absent answers `false`,
/// never nil: nil would let Mustache climb the context stack and find a parent's key of the same name.
public protocol TemplateModel: MustacheParent, Sendable {
    /// Every key `child(named:)` answers, and the model types of the values nested under them.
    static var templateKeys: TemplateKeys { get }
    /// The model's values as bytes in a fixed order (see `CanonicalBytes`).
    func appendCanonical(to out: inout [UInt8])
}

/// The keys of a model type and the model types below it.
public struct TemplateKeys: Sendable {
    public var names: Set<String>
    public var nested: [any TemplateModel.Type]
    public init(names: Set<String>, nested: [any TemplateModel.Type]) {
        self.names = names
        self.nested = nested
    }

    /// The keys of this type and of every model type reachable from it: what a template rendered with it may use
    /// (Mustache resolves a key in any enclosing context).
    public static func closure(of roots: [any TemplateModel.Type]) -> Set<String> {
        var names = Set<String>()
        var seen = Set<ObjectIdentifier>()
        var stack = roots
        while let t = stack.popLast() {
            guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
            let keys = t.templateKeys
            names.formUnion(keys.names)
            stack += keys.nested
        }
        return names
    }
}

/// A model whose keys are declared once, in a static schema: the schema answers both the look-ups and the check.
public protocol SchemaModel: TemplateModel {
    static var schema: Schema<Self> { get }
}

extension SchemaModel {
    // Inlinable, as `Schema.value`: each model's look-up is then specialized in its own module. Generic, every look-up
    // instantiated the metadata of the getters' dictionary and closure type at run time (3 % of a cold build's CPU).
    @inlinable
    public func child(named name: String) -> Any? { Self.schema.value(name, of: self) }
    public static var templateKeys: TemplateKeys { schema.keys }
    public func appendCanonical(to out: inout [UInt8]) { appendSchemaCanonical(to: &out) }

    /// The canonical bytes of every key of the schema (what `appendCanonical` writes unless a model writes a digest of
    /// them instead).
    public func appendSchemaCanonical(to out: inout [UInt8]) {
        for (name, append) in Self.schema.ordered {
            CanonicalBytes.appendString(name, to: &out)
            append(self, &out)
        }
    }
}

/// The keys of a model type: for each, how to read it from a model, and the model type nested under it.
public struct Schema<Model>: Sendable {
    /// Key name → its getter's place in `getterList`. (A dictionary of the getters themselves handed out a copy of the
    /// closure per look-up, a reference count written on the schema's shared closure contexts from every core at once:
    /// 1.4 % of a cold build's samples went to those writes; the array's element is called in place.)
    @usableFromInline let getters: [String: Int]
    @usableFromInline let getterList: ContiguousArray<@Sendable (Model) -> Any>
    /// The canonical bytes of each key's value, sorted by key name.
    let ordered: [(String, @Sendable (Model, inout [UInt8]) -> Void)]
    public let keys: TemplateKeys

    public init(_ keys: [TemplateKey<Model>]) {
        var getters: [String: Int] = [:]
        var getterList: ContiguousArray<@Sendable (Model) -> Any> = []
        var canonical: [String: @Sendable (Model, inout [UInt8]) -> Void] = [:]
        var nested: [any TemplateModel.Type] = []
        for k in keys {
            precondition(getters[k.name] == nil, "key \(k.name) declared twice")
            getters[k.name] = getterList.count
            getterList.append(k.get)
            canonical[k.name] = k.canonical
            if let n = k.nested { nested.append(n) }
        }
        self.getters = getters
        self.getterList = getterList
        self.ordered = canonical.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.keys = TemplateKeys(names: Set(getters.keys), nested: nested)
    }

    @inlinable
    func value(_ name: String, of model: Model) -> Any? {
        guard let i = getters[name] else { return nil }
        return getterList[i](model)
    }
}

/// One key of a schema.
public struct TemplateKey<Model>: Sendable {
    let name: String
    let get: @Sendable (Model) -> Any
    /// The value's canonical bytes, written without going through `Any` where the type is known (models, lists).
    let canonical: @Sendable (Model, inout [UInt8]) -> Void
    let nested: (any TemplateModel.Type)?

    /// Text, a number, a flag or a list of strings; absent (nil) reads as `false`. (The typed forms below write the
    /// same canonical bytes without casting the value back from `Any`.)
    @_disfavoredOverload
    public static func value(_ name: String, _ get: @escaping @Sendable (Model) -> (any Sendable)?) -> TemplateKey {
        TemplateKey(name: name, get: { m -> Any in if let v = get(m) { v } else { false } },
                    canonical: { m, out in CanonicalBytes.appendValue(get(m) ?? false, to: &out) }, nested: nil)
    }

    /// Text; absent reads as `false`.
    public static func value(_ name: String, _ get: @escaping @Sendable (Model) -> String?) -> TemplateKey {
        // the text itself or `false`, not an `Optional<Any>` holding either (`get($0) ?? false` is one)
        TemplateKey(name: name, get: { m -> Any in if let s = get(m) { s } else { false } }, canonical: { m, out in
            if let s = get(m) { CanonicalBytes.appendText(s, to: &out) } else { out.append(3) }
        }, nested: nil)
    }

    /// A flag.
    public static func value(_ name: String, _ get: @escaping @Sendable (Model) -> Bool) -> TemplateKey {
        TemplateKey(name: name, get: { get($0) }, canonical: { m, out in out.append(get(m) ? 2 : 3) }, nested: nil)
    }

    /// A number; absent reads as `false`.
    public static func value(_ name: String, _ get: @escaping @Sendable (Model) -> Int?) -> TemplateKey {
        TemplateKey(name: name, get: { m -> Any in if let i = get(m) { i } else { false } }, canonical: { m, out in
            if let i = get(m) { CanonicalBytes.appendNumber(i, to: &out) } else { out.append(3) }
        }, nested: nil)
    }

    /// A list of strings.
    public static func value(_ name: String, _ get: @escaping @Sendable (Model) -> [String]) -> TemplateKey {
        TemplateKey(name: name, get: { get($0) }, canonical: { m, out in
            let list = get(m)
            out.append(7)
            withUnsafeBytes(of: Int64(list.count).littleEndian) { out += $0 }
            for s in list { CanonicalBytes.appendText(s, to: &out) }
        }, nested: nil)
    }

    /// A value computed from the model's other keys (and the templates) when a template reads it, such as a fragment
    /// rendered from them: it adds nothing to the canonical bytes, whose other keys already say what it holds, so that
    /// fingerprinting a model never computes it.
    public static func derived(_ name: String, _ get: @escaping @Sendable (Model) -> any Sendable) -> TemplateKey {
        TemplateKey(name: name, get: { get($0) }, canonical: { _, _ in }, nested: nil)
    }

    /// A value made only when a template reads it (a case's body as HTML), fingerprinted by what it is made from:
    /// `identity` writes bytes that change whenever the value would (with the same templates).
    public static func lazy(_ name: String, identity: @escaping @Sendable (Model, inout [UInt8]) -> Void,
                            _ get: @escaping @Sendable (Model) -> any Sendable) -> TemplateKey {
        TemplateKey(name: name, get: { get($0) }, canonical: identity, nested: nil)
    }

    /// A nested model; absent reads as `false`.
    public static func model<N: TemplateModel>(_ name: String, _ get: @escaping @Sendable (Model) -> N?) -> TemplateKey {
        TemplateKey(name: name, get: { m -> Any in get(m).map { $0 as Any } ?? false }, canonical: { m, out in
            if let n = get(m) {
                out.append(5)
                n.appendCanonical(to: &out)
                out.append(6)
            } else {
                out.append(3)
            }
        }, nested: N.self)
    }

    /// A list of nested models (Mustache repeats a section once per item).
    public static func list<N: TemplateModel>(_ name: String, _ get: @escaping @Sendable (Model) -> [N]) -> TemplateKey {
        TemplateKey(name: name, get: { get($0) }, canonical: { m, out in
            let list = get(m)
            out.append(7)
            withUnsafeBytes(of: Int64(list.count).littleEndian) { out += $0 }
            for n in list {
                out.append(5)
                n.appendCanonical(to: &out)
                out.append(6)
            }
        }, nested: N.self)
    }
}

/// A model's values as bytes in a fixed order (keys sorted, nested models in place): two models with the same bytes
/// render the same with the same template. Incremental builds fingerprint pages with it instead of rendering them.
public enum CanonicalBytes {
    public static func of(_ model: any TemplateModel) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        append(model, to: &out)
        return out
    }

    static func append(_ model: any TemplateModel, to out: inout [UInt8]) {
        model.appendCanonical(to: &out)
    }

    static func appendValue(_ value: Any?, to out: inout [UInt8]) {
        switch value {
        case nil: out.append(0)
        case let s as String: appendText(s, to: &out)
        case let b as Bool: out.append(b ? 2 : 3)
        case let i as Int: appendNumber(i, to: &out)
        case let m as any TemplateModel: out.append(5); append(m, to: &out); out.append(6)
        case let list as [Any]:
            out.append(7)
            withUnsafeBytes(of: Int64(list.count).littleEndian) { out += $0 }
            for v in list { appendValue(v, to: &out) }
        default: out.append(8); appendString(String(describing: value!), to: &out)
        }
    }

    /// A value that is text (tag 1, then the string).
    static func appendText(_ s: String, to out: inout [UInt8]) {
        out.append(1)
        appendString(s, to: &out)
    }

    /// A value that is a number (tag 4, then 8 bytes).
    static func appendNumber(_ i: Int, to out: inout [UInt8]) {
        out.append(4)
        withUnsafeBytes(of: Int64(i).littleEndian) { out += $0 }
    }

    public static func appendString(_ s: String, to out: inout [UInt8]) {
        withUnsafeBytes(of: Int64(s.utf8.count).littleEndian) { out += $0 }
        out += s.utf8
    }
}
