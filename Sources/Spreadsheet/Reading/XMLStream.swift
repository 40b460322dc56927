/// Receives the tokens of a part, in order.
protocol XMLTokenHandler {
    /// Handles one token whose ranges point into `b`; returns false to stop reading the part.
    mutating func handle(_ token: XMLToken, in b: UnsafeBufferPointer<UInt8>) throws(XMLFailure) -> Bool
}

/// Feeds a part, chunk by chunk as it is inflated, to an `XMLTokenHandler`: tokens that
/// straddle two chunks are completed from a small carry-over buffer, so memory is one chunk
/// plus the longest token.
struct XMLStream {
    /// The longest token accepted (a tag, or a run of text between tags).
    let maximumToken: Int
    private var pending: [UInt8] = []
    private(set) var stopped = false

    init(maximumToken: Int) { self.maximumToken = maximumToken }

    /// Tokenizes `chunk` (after what was left over from the previous chunk); with `final`, the
    /// part ends here and nothing may be left over.
    ///
    /// - Throws: `XMLFailure` from the tokenizer or the handler, or for a token longer than
    ///   `maximumToken`.
    mutating func feed<H: XMLTokenHandler>(_ chunk: UnsafeBufferPointer<UInt8>, final: Bool,
                                           to handler: inout H) throws(XMLFailure) {
        guard !stopped else { return }
        if pending.isEmpty {
            let used = try scan(chunk, final: final, &handler)
            if used < chunk.count && !stopped { pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[used...])) }
        } else {
            pending.append(contentsOf: chunk)
            let used = try pending.withUnsafeBufferPointer { (b) throws(XMLFailure) -> Int in try scan(b, final: final, &handler) }
            pending.removeSubrange(0..<used)
        }
        if pending.count > maximumToken {
            throw XMLFailure("an element or text longer than \(maximumToken) bytes")
        }
    }

    /// Scans complete tokens; returns how many bytes were used.
    private mutating func scan<H: XMLTokenHandler>(_ b: UnsafeBufferPointer<UInt8>, final: Bool,
                                                   _ handler: inout H) throws(XMLFailure) -> Int {
        var i = 0
        while true {
            switch try XMLTokenizer.next(in: b, from: i, final: final) {
            case .end: return i
            case .incomplete: return i
            case .token(let token, let next):
                i = next
                if !(try handler.handle(token, in: b)) { stopped = true; return b.count }
            }
        }
    }
}
