import CoreFoundation
import Foundation

/// The character encoding of a CSV file.
///
/// Chinese offices produce UTF-8 (often with a BOM, from Excel's "CSV UTF-8") and GB18030 (the
/// legacy default of Excel and WPS on Chinese Windows; GBK and GB2312 are subsets). Detection
/// strips a UTF-8 BOM, accepts valid UTF-8, and otherwise decodes GB18030.
public enum TextEncoding: String, CaseIterable, Sendable {
    /// Detect: a UTF-8 BOM or valid UTF-8 means UTF-8; anything else is tried as GB18030.
    case auto
    /// UTF-8 (a BOM is allowed and stripped).
    case utf8 = "utf-8"
    /// GB18030 (includes GBK and GB2312).
    case gb18030

    /// Parses `auto`, `utf8`/`utf-8`, `gb18030`/`gbk`/`gb2312` (case-insensitive).
    public init?(label: String) {
        switch label.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "auto": self = .auto
        case "utf8", "utf-8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }

    /// Foundation's GB18030 encoding. On Linux this only works through CoreFoundation's
    /// `GB_18030_2000` constant (`GBK_95` does not decode there).
    static let foundationGB18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
}

/// UTF-8 validation and GB18030 decoding of a file's raw bytes.
enum TextDecoding {
    /// The byte offset of the first invalid UTF-8 sequence, or `nil` when `bytes` is valid UTF-8
    /// (no overlongs, no surrogates, nothing above U+10FFFF).
    ///
    /// - Complexity: O(*n*), with an 8-bytes-at-a-time ASCII fast path.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < n {
            // ASCII fast path.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < n else { return i }
            let b1 = base[i + 1]
            guard b1 >= lo && b1 <= hi else { return i }
            for k in 2...max(2, need) where k <= need {
                guard base[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += need + 1
        }
        return nil
    }

    /// Decodes GB18030 bytes into UTF-8 bytes; `nil` if they are not valid GB18030.
    static func utf8FromGB18030(_ bytes: [UInt8]) -> [UInt8]? {
        let data = bytes.withUnsafeBufferPointer { Data(buffer: $0) }
        guard var text = String(data: data, encoding: TextEncoding.foundationGB18030) else { return nil }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return Array(text.utf8)
    }

    /// `"UTF-16 (…-endian)"` when `bytes` start with a UTF-16 byte-order mark, or — when
    /// `guessing` (auto-detection) — look like UTF-16 text without one: in each of the first
    /// (up to 32, at least 4) byte pairs one byte is zero, always on the same side, and the other
    /// is printable ASCII or a tab or line break, as the ASCII of a CSV header is in UTF-16 (and
    /// never in UTF-8 or GB18030 text, which spreadsheets do not write NUL bytes into).
    static func utf16Form(_ bytes: [UInt8], guessing: Bool) -> String? {
        if bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE { return "UTF-16 (little-endian)" }
            if bytes[0] == 0xFE && bytes[1] == 0xFF { return "UTF-16 (big-endian)" }
        }
        guard guessing else { return nil }
        let pairs = min(bytes.count / 2, 32)
        guard pairs >= 4 else { return nil }
        func text(_ b: UInt8) -> Bool { (0x20...0x7E).contains(b) || b == 0x09 || b == 0x0A || b == 0x0D }
        var littleEndian = true, bigEndian = true
        for i in 0..<pairs {
            let (a, b) = (bytes[2 * i], bytes[2 * i + 1])
            littleEndian = littleEndian && b == 0 && text(a)
            bigEndian = bigEndian && a == 0 && text(b)
        }
        return littleEndian ? "UTF-16 (little-endian)" : bigEndian ? "UTF-16 (big-endian)" : nil
    }
}
