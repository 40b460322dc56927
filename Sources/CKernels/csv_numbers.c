#include "CKernels.h"

#include <stddef.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Powers of ten exactly representable as doubles (10^0 … 10^22).
static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

long worksafe_csv_next_structural(const uint8_t *b, long start, long n) {
    long i = start;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(b + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
    }
#endif
    for (; i < n; i++) {
        uint8_t c = b[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r') return i;
    }
    return n;
}

long worksafe_csv_plain_numeric_rows(const uint8_t *b, long n, long *position, long columns,
                                     long label_column, long *label_spans,
                                     double *staging, long stride, long staged, long capacity,
                                     long *lines) {
    long i = *position;
    long rows = 0, blank = 0;
    const double nan = __builtin_nan("");
    while (rows < capacity) {
        // Blank lines (LF or CRLF) before a record.
        while (i < n && (b[i] == '\n' || (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n'))) {
            i += b[i] == '\n' ? 1 : 2;
            blank++;
        }
        const long start = i;
        double *out = staging + staged + rows;
        long column = 0;
        for (;;) {
            if (i >= n) goto stop;
            uint8_t c = b[i];
            double value;
            if (column == label_column) {
                // A text label, unquoted: its span, up to the next comma or line end.
                if (c == '"') goto stop;
                const long s = i;
                while (i < n && b[i] != ',' && b[i] != '\n' && b[i] != '\r') i++;
                if (i >= n) goto stop;
                label_spans[2 * (staged + rows)] = s;
                label_spans[2 * (staged + rows) + 1] = i;
                value = nan;
                c = b[i];
            } else if (c == ',' || c == '\n' || c == '\r') {
                value = nan;  // an empty field
            } else {
                int negative = 0;
                if (c == '-') { negative = 1; i++; } else if (c == '+') { i++; }
                uint64_t mantissa = 0;
                int digits = 0, any = 0, exponent = 0;
                unsigned d;
                while (i < n && (d = (unsigned)b[i] - '0') < 10) {
                    mantissa = mantissa * 10 + d;
                    digits += mantissa != 0;
                    any = 1;
                    i++;
                }
                if (i < n && b[i] == '.') {
                    i++;
                    while (i < n && (d = (unsigned)b[i] - '0') < 10) {
                        mantissa = mantissa * 10 + d;
                        digits += mantissa != 0;
                        exponent--;
                        any = 1;
                        i++;
                    }
                }
                // Anything but a plain decimal of at most 18 significant digits, exactly
                // representable and with a small exponent, goes to the general path.
                if (!any || digits > 18 || mantissa >= (1ull << 53) || exponent < -22) goto stop;
                value = (double)mantissa;
                value = exponent == 0 ? value : value / pow10_exact[-exponent];
                if (negative) value = -value;
                if (i >= n) goto stop;
                c = b[i];
            }
            out[column * stride] = value;
            column++;
            if (c == ',') {
                if (column == columns) goto stop;  // more fields than the header
                i++;
                continue;
            }
            if (c == '\n') { i++; break; }
            if (c == '\r' && i + 1 < n && b[i + 1] == '\n') { i += 2; break; }
            goto stop;  // another byte after the number, or a CR at the end of the buffer
        }
        if (column != columns) { i = start; goto stop_at_start; }
        rows++;
        *position = i;
        continue;
    stop:
        i = start;
    stop_at_start:
        *position = i;
        break;
    }
    if (rows == capacity) *position = i;
    *lines = rows + blank;
    return rows;
}
