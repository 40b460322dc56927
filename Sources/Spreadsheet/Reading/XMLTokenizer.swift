/// A minimal, streaming XML tokenizer for the parts of an .xlsx package: start and end tags
/// with their attributes, text, CDATA; comments and processing instructions are skipped.
///
/// It is not a validating parser. It refuses a document type declaration (`<!DOCTYPE`: no
/// DTDs, so no entity expansion — the "billion laughs" attack has nothing to expand), decodes
/// the five predefined entities and character references, and leaves checking the nesting of
/// elements to its callers (`ElementStack`). Names are compared by their local part (`x:row`
/// is `row`), as the parts may use a namespace prefix.
///
/// Tokens are ranges in a byte buffer the caller owns; `next(in:from:final:)` reports
/// `.incomplete` when the buffer ends inside a token, so a caller streaming a part keeps the
/// tail and calls again with more bytes.
enum XMLToken {
    /// `<name attributes>` or `<name attributes/>`: the local name, the attribute text, and
    /// whether the element is empty.
    case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
    /// `</name>`.
    case end(name: Range<Int>)
    /// Character data, entities not yet decoded.
    case text(Range<Int>)
    /// `<![CDATA[…]]>`: character data taken literally.
    case cdata(Range<Int>)
    /// A comment, processing instruction or XML declaration.
    case skipped
}

/// Why a part is not usable XML.
struct XMLFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

enum XMLTokenizer {
    /// The outcome of one step.
    enum Step {
        /// A token and the offset just past it.
        case token(XMLToken, next: Int)
        /// The buffer ends inside a token (only when not `final`).
        case incomplete
        /// The buffer is exhausted.
        case end
    }

    /// The next token at or after `start` in `b`.
    ///
    /// - Throws: `XMLFailure` for a document type declaration, a tag without a name, or (when
    ///   `final`) a token cut off by the end of the part.
    @inline(__always)
    static func next(in b: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool) throws(XMLFailure) -> Step {
        let n = b.count
        var i = start
        guard i < n else { return .end }
        if b[i] != 0x3C {  // text up to the next '<'
            while i < n && b[i] != 0x3C { i += 1 }
            if i == n && !final {
                // Hand out the text so far (a long run of text never waits for the next tag),
                // keeping back what could be the start of an entity, an `_xHHHH_` escape or a
                // CR LF pair.
                var cut = n
                var k = n - 1
                while k >= start && k >= n - 12 {
                    let c = b[k]
                    if c == 0x3B { break }
                    if c == 0x26 || (c == 0x5F && k >= n - 7) || (c == 0x0D && k == n - 1) { cut = k }
                    k -= 1
                }
                return cut > start ? .token(.text(start..<cut), next: cut) : .incomplete
            }
            return .token(.text(start..<i), next: i)
        }
        guard i + 1 < n else { return try cut(final, "a tag") }
        let second = b[i + 1]
        if second == 0x2F {  // </name>
            var j = i + 2
            while j < n && b[j] != 0x3E { j += 1 }
            guard j < n else { return try cut(final, "an end tag") }
            var e = j
            while e > i + 2 && isSpace(b[e - 1]) { e -= 1 }
            let name = localName(b, i + 2, e)
            if name.isEmpty { throw XMLFailure("malformed XML: an end tag without a name") }
            return .token(.end(name: name), next: j + 1)
        }
        if second == 0x3F {  // <? … ?>
            guard let e = find(b, [0x3F, 0x3E], from: i + 2) else { return try cut(final, "a processing instruction") }
            return .token(.skipped, next: e + 2)
        }
        if second == 0x21 {  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE
            if starts(b, i, "<!--") {
                guard let e = find(b, [0x2D, 0x2D, 0x3E], from: i + 4) else { return try cut(final, "a comment") }
                return .token(.skipped, next: e + 3)
            }
            if starts(b, i, "<![CDATA[") {
                guard let e = find(b, [0x5D, 0x5D, 0x3E], from: i + 9) else { return try cut(final, "a CDATA section") }
                return .token(.cdata(i + 9..<e), next: e + 3)
            }
            if i + 9 > n && !final { return .incomplete }
            throw XMLFailure("malformed XML: a document type declaration or unknown <! construct (not allowed in a workbook part)")
        }
        // <name attributes> with quoted values that may hold '>'.
        var j = i + 1
        while j < n && !isSpace(b[j]) && b[j] != 0x3E && b[j] != 0x2F { j += 1 }
        let nameEnd = j
        var quote: UInt8 = 0
        while j < n {
            let c = b[j]
            if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
            j += 1
        }
        guard j < n else { return try cut(final, "a start tag") }
        let name = localName(b, i + 1, nameEnd)
        if name.isEmpty { throw XMLFailure("malformed XML: a start tag without a name") }
        let selfClosing = b[j - 1] == 0x2F && j - 1 >= nameEnd
        return .token(.start(name: name, attributes: nameEnd..<(selfClosing ? j - 1 : j), selfClosing: selfClosing),
                      next: j + 1)
    }

    private static func cut(_ final: Bool, _ what: String) throws(XMLFailure) -> Step {
        if final { throw XMLFailure("malformed XML: the part ends inside \(what)") }
        return .incomplete
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The range of the local part of the name in `start..<end` (after any `prefix:`).
    @inline(__always)
    static func localName(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var s = start
        for k in start..<end where b[k] == 0x3A { s = k + 1 }
        return s..<end
    }

    static func starts(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard at + count <= b.count else { return false }
        let p = text.utf8Start
        for k in 0..<count where b[at + k] != p[k] { return false }
        return true
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], from start: Int) -> Int? {
        var i = start
        let last = b.count - pattern.count
        while i <= last {
            if b[i] == pattern[0] {
                var k = 1
                while k < pattern.count && b[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether the bytes in `range` spell `name`.
    @inline(__always)
    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        var k = 0
        for i in range { if b[i] != p[k] { return false }; k += 1 }
        return true
    }

    /// Calls `body` with the local name and the (still encoded) value range of each attribute
    /// in `range`.
    ///
    /// - Throws: `XMLFailure` for an attribute without `=` or a quoted value.
    static func attributes(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                           _ body: (Range<Int>, Range<Int>) throws(XMLFailure) -> Void) throws(XMLFailure) {
        var i = range.lowerBound
        let end = range.upperBound
        while true {
            while i < end && isSpace(b[i]) { i += 1 }
            if i >= end { return }
            let nameStart = i
            while i < end && b[i] != 0x3D && !isSpace(b[i]) { i += 1 }
            let name = localName(b, nameStart, i)
            while i < end && isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == 0x3D else { throw XMLFailure("malformed XML: an attribute without a value") }
            i += 1
            while i < end && isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == 0x22 || b[i] == 0x27 else { throw XMLFailure("malformed XML: an attribute value without quotes") }
            let quote = b[i]
            let valueStart = i + 1
            i += 1
            while i < end && b[i] != quote { i += 1 }
            guard i < end else { throw XMLFailure("malformed XML: an unterminated attribute value") }
            try body(name, valueStart..<i)
            i += 1
        }
    }

    /// Appends the text in `range` to `out` with entities and character references decoded, line
    /// ends normalised to LF (XML's rule), and — when `ooxmlEscapes` — Office's `_xHHHH_`
    /// escapes decoded (how a workbook stores control characters in strings).
    ///
    /// - Throws: `XMLFailure` for an unknown or malformed entity, or a character reference to a
    ///   code point that is not a character.
    static func appendDecoded(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8],
                              ooxmlEscapes: Bool) throws(XMLFailure) {
        var i = range.lowerBound
        let end = range.upperBound
        var plainStart = i
        while i < end {
            let c = b[i]
            if c != 0x26 && c != 0x0D && !(ooxmlEscapes && c == 0x5F) { i += 1; continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plainStart..<i]))
            if c == 0x0D {
                out.append(0x0A)
                i += (i + 1 < end && b[i + 1] == 0x0A) ? 2 : 1
            } else if c == 0x5F {
                // _xHHHH_
                if i + 7 <= end, b[i + 1] == 0x78, b[i + 6] == 0x5F, let v = hex(b, i + 2, i + 6) {
                    appendScalar(v, to: &out)
                    i += 7
                } else {
                    out.append(c)
                    i += 1
                }
            } else {
                var j = i + 1
                while j < end && j - i <= 12 && b[j] != 0x3B { j += 1 }
                guard j < end, b[j] == 0x3B else { throw XMLFailure("malformed XML: an unterminated entity") }
                let name = (i + 1)..<j
                if equals(b, name, "amp") { out.append(0x26) }
                else if equals(b, name, "lt") { out.append(0x3C) }
                else if equals(b, name, "gt") { out.append(0x3E) }
                else if equals(b, name, "quot") { out.append(0x22) }
                else if equals(b, name, "apos") { out.append(0x27) }
                else if name.count >= 2, b[name.lowerBound] == 0x23 {
                    let v: UInt32?
                    if b[name.lowerBound + 1] == 0x78 || b[name.lowerBound + 1] == 0x58 {
                        v = hex(b, name.lowerBound + 2, name.upperBound)
                    } else {
                        v = decimal(b, name.lowerBound + 1, name.upperBound)
                    }
                    guard let v, v != 0, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else {
                        throw XMLFailure("malformed XML: a character reference to no character")
                    }
                    appendScalar(v, to: &out)
                } else {
                    throw XMLFailure("malformed XML: an unknown entity &\(String(decoding: UnsafeBufferPointer(rebasing: b[name]), as: UTF8.self));")
                }
                i = j + 1
            }
            plainStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plainStart..<end]))
    }

    static func hex(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        guard start < end, end - start <= 6 else { return nil }
        var v: UInt32 = 0
        for k in start..<end {
            let c = b[k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    static func decimal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        guard start < end, end - start <= 7 else { return nil }
        var v: UInt32 = 0
        for k in start..<end {
            let d = b[k] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + UInt32(d)
        }
        return v
    }

    /// Appends the UTF-8 encoding of `v` (a replacement character for a surrogate).
    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        var buffer: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            var k = 0
            UTF8.encode(scalar) { raw[k] = $0; k += 1 }
            return k
        }
        withUnsafeBytes(of: buffer) { out.append(contentsOf: $0.prefix(count)) }
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c < 0x80 { i += 1; continue }
            let need: Int
            var minimum: UInt32
            var v: UInt32
            switch c {
            case 0xC2...0xDF: need = 1; v = UInt32(c & 0x1F); minimum = 0x80
            case 0xE0...0xEF: need = 2; v = UInt32(c & 0x0F); minimum = 0x800
            case 0xF0...0xF4: need = 3; v = UInt32(c & 0x07); minimum = 0x10000
            default: return false
            }
            guard i + need < n else { return false }
            for k in 1...need {
                let d = bytes[i + k]
                guard d & 0xC0 == 0x80 else { return false }
                v = v << 6 | UInt32(d & 0x3F)
            }
            if v < minimum || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return false }
            i += need + 1
        }
        return true
    }
}

extension XMLTokenizer {
    /// Every start and end tag of a whole part held in memory, in order, with the nesting
    /// checked (`ElementStack`); text, CDATA, comments and processing instructions are passed
    /// over. For the small parts read at once (styles, the workbook, relationships).
    ///
    /// - Throws: `XMLFailure` from the tokenizer, for an end tag that closes no open element,
    ///   nesting deeper than `ElementStack.maximumDepth`, an element left open, or from `body`.
    static func forEachTag(in b: UnsafeBufferPointer<UInt8>, _ body: (XMLToken) throws(XMLFailure) -> Void) throws(XMLFailure) {
        var stack = ElementStack()
        var i = 0
        loop: while true {
            switch try next(in: b, from: i, final: true) {
            case .end, .incomplete: break loop
            case .token(let token, let next):
                i = next
                switch token {
                case .start(let name, _, let selfClosing):
                    if !selfClosing { try stack.open(b, name) }
                    try body(token)
                case .end(let name):
                    try stack.close(b, name)
                    try body(token)
                case .text, .cdata, .skipped: break
                }
            }
        }
        try stack.checkClosed()
    }
}

/// The open elements of a part, to check that every end tag closes the element opened last.
struct ElementStack {
    private var names: [UInt64] = []
    /// The deepest nesting accepted.
    static let maximumDepth = 128

    var depth: Int { names.count }

    /// A hash of a name (FNV-1a): enough to tell the few names of a part apart.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        return h
    }

    mutating func open(_ b: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) throws(XMLFailure) {
        guard names.count < Self.maximumDepth else { throw XMLFailure("malformed XML: elements nested more than \(Self.maximumDepth) deep") }
        names.append(Self.hash(b, name))
    }

    mutating func close(_ b: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) throws(XMLFailure) {
        guard let last = names.popLast(), last == Self.hash(b, name) else {
            throw XMLFailure("malformed XML: the end tag </\(String(decoding: UnsafeBufferPointer(rebasing: b[name]), as: UTF8.self))> closes no open element of that name")
        }
    }

    func checkClosed() throws(XMLFailure) {
        if !names.isEmpty { throw XMLFailure("malformed XML: the part ends with \(names.count) element(s) still open") }
    }
}
