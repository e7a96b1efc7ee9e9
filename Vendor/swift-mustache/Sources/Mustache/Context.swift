//
// This source file is part of the Hummingbird server framework project
// Copyright (c) the Hummingbird authors
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

/// An object on the context stack, with what a look-up needs of it worked out once, when it is pushed (Casebook's
/// fork: upstream casts every object of the stack to `MustacheCustomRepresentation` and `MustacheParent` at every
/// look-up that climbs past it). The stack is a list of these, the innermost first, each holding the one it was pushed
/// on: pushing an object makes one entry (upstream copies the array of the whole stack, and each entry with it).
final class MustacheStackEntry {
    /// The object as pushed (what `{{.}}` and lambdas see).
    let object: Any
    /// Its `MustacheParent` view, if it (or its custom representation) is one.
    let parent: MustacheParent?
    /// What `Mirror` reflects when it is not a parent (its custom representation, or itself); nil when its custom
    /// representation is nil.
    let reflected: Any?
    /// The entry this one was pushed on (nil for the object a render started with).
    let enclosing: MustacheStackEntry?

    init(_ object: Any, on enclosing: MustacheStackEntry? = nil) {
        self.object = object
        self.enclosing = enclosing
        let represented: Any? =
            if let custom = object as? MustacheCustomRepresentation {
                custom.representation
            } else {
                object
            }
        if let represented, let parent = represented as? MustacheParent {
            self.parent = parent
            self.reflected = nil
        } else if represented is String || represented is Bool || represented is Int {
            // text, a flag or a number has no labelled children: no `Mirror` at every look-up that climbs past it
            self.parent = nil
            self.reflected = nil
        } else {
            self.parent = nil
            self.reflected = represented
        }
    }

    /// The object's child named `name` (upstream's `_getImmediateChild`).
    func child(named name: String) -> Any? {
        if let parent { return parent.child(named: name) }
        guard let reflected else { return nil }
        return Mirror(reflecting: reflected).getValue(forKey: name)
    }

    /// The first child named `name` of this entry or of one below it, climbing from the innermost (upstream's loop over
    /// the reversed stack).
    func climb(to name: String) -> Any? {
        // recursive: stepping a local variable down the list retains and releases every entry it passes
        if let found = child(named: name) { return found }
        return enclosing?.climb(to: name)
    }
}

/// Context while rendering mustache tokens
struct MustacheContext {
    /// The innermost object of the stack (Casebook's fork: upstream holds the array of the stack, the innermost last).
    let stack: MustacheStackEntry
    let sequenceContext: MustacheSequenceContext?
    let indentation: String?
    let inherited: [String: MustacheTemplate]?
    let contentType: MustacheContentType
    let library: MustacheLibrary?
    let reloadPartials: Bool

    /// initialize context with a single objectt
    init(_ object: Any, library: MustacheLibrary? = nil, reloadPartials: Bool = false) {
        self.stack = MustacheStackEntry(object)
        self.sequenceContext = nil
        self.indentation = nil
        self.inherited = nil
        self.contentType = HTMLContentType()
        self.library = library
        self.reloadPartials = reloadPartials
    }

    private init(
        stack: MustacheStackEntry,
        sequenceContext: MustacheSequenceContext?,
        indentation: String?,
        inherited: [String: MustacheTemplate]?,
        contentType: MustacheContentType,
        library: MustacheLibrary? = nil,
        reloadPartials: Bool
    ) {
        self.stack = stack
        self.sequenceContext = sequenceContext
        self.indentation = indentation
        self.inherited = inherited
        self.contentType = contentType
        self.library = library
        self.reloadPartials = reloadPartials
    }

    /// return context with object add to stack
    func withObject(_ object: Any) -> MustacheContext {
        .init(
            stack: MustacheStackEntry(object, on: self.stack),
            sequenceContext: nil,
            indentation: self.indentation,
            inherited: self.inherited,
            contentType: self.contentType,
            library: self.library,
            reloadPartials: self.reloadPartials
        )
    }

    /// return context with indent and parameter information for invoking a partial
    func withPartial(indented: String?, inheriting: [String: MustacheTemplate]?) -> MustacheContext {
        let indentation: String?
        if let indented {
            indentation = (self.indentation ?? "") + indented
        } else {
            indentation = self.indentation
        }
        let inherits: [String: MustacheTemplate]?
        if let inheriting {
            if let originalInherits = self.inherited {
                inherits = originalInherits.merging(inheriting) { value, _ in value }
            } else {
                inherits = inheriting
            }
        } else {
            inherits = self.inherited
        }
        return .init(
            stack: self.stack,
            sequenceContext: nil,
            indentation: indentation,
            inherited: inherits,
            contentType: HTMLContentType(),
            library: self.library,
            reloadPartials: self.reloadPartials
        )
    }

    /// return context with indent information for invoking an inheritance block
    func withBlockExpansion(indented: String?) -> MustacheContext {
        let indentation: String?
        if let indented {
            indentation = (self.indentation ?? "") + indented
        } else {
            indentation = self.indentation
        }
        return .init(
            stack: self.stack,
            sequenceContext: nil,
            indentation: indentation,
            inherited: self.inherited,
            contentType: self.contentType,
            library: self.library,
            reloadPartials: self.reloadPartials
        )
    }

    /// return context with sequence info and sequence element added to stack
    func withSequence(_ object: Any, sequenceContext: MustacheSequenceContext) -> MustacheContext {
        .init(
            stack: MustacheStackEntry(object, on: self.stack),
            sequenceContext: sequenceContext,
            indentation: self.indentation,
            inherited: self.inherited,
            contentType: self.contentType,
            library: self.library,
            reloadPartials: self.reloadPartials
        )
    }

    /// return context with sequence info and sequence element added to stack
    func withContentType(_ contentType: MustacheContentType) -> MustacheContext {
        .init(
            stack: self.stack,
            sequenceContext: self.sequenceContext,
            indentation: self.indentation,
            inherited: self.inherited,
            contentType: contentType,
            library: self.library,
            reloadPartials: self.reloadPartials
        )
    }
}
