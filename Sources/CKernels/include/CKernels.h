// CKernels: hand-vectorised inner loops that Swift's SIMD types do not compile well for the
// baseline x86-64 target (SSE2: no three-operand forms, no blends, element-wise conversions,
// and square roots of SIMD vectors taken lane by lane with a branch each).
// Stats (k-means) and Tabular (CSV scanning and numbers) include this module; it has no
// stable API.
#ifndef WORKSAFE_CKERNELS_H
#define WORKSAFE_CKERNELS_H

#include <stdint.h>

/// What `worksafe_kmeans_screen8` writes per listed row (arrays with room for `count` rounded
/// up to a multiple of four: the last group repeats the last row).
typedef struct {
    int32_t *index;   ///< lane of the first minimum of the scores
    int32_t *accept;  ///< nonzero when the runner-up exceeds the minimum by more than 2E(x)
    double *upper;    ///< ≥ the distance to that lane's centroid
    double *lower;    ///< ≤ the distance to every other centroid (≥ 0)
} worksafe_screen_out;

/// The single-precision screen of k-means for up to eight centroids, four listed rows at a time.
///
/// For each listed row i (`list[0..<count]`, row `list[p]` at `x + list[p]·d`), with
/// `x̂ₜ = (float)(xᵢₜ − offsetₜ)`, the eight scores `ŝⱼ = normsⱼ + Σₜ x̂ₜ·columns[8t + j]`
/// (the columns hold −2·cⱼ, so ŝⱼ = ‖cⱼ‖² − 2x̂·ĉⱼ up to rounding; padding lanes have norm +∞),
/// their first minimum ŝ_a (lane a; the lower lane on a tie) and runner-up ŝ_b; with
/// `E = slope·√‖x‖² + constant` (`rowNorms` holds ‖x‖²), `accept` = ŝ_b − ŝ_a > 2E, and the
/// bounds `upper = √(‖x‖² + ŝ_a + E)` rounded up and `lower = √max(0, ‖x‖² + ŝ_b − E)` rounded
/// down, by one single-precision square root widened by 1 ± 2⁻²¹ (see `SingleScreen` and
/// kmeans_scores.c).
///
/// Per four rows: the rows' elements are converted four at a time by packed operations and
/// transposed so that one vector holds an element of the four rows; each centroid's scores then
/// accumulate in one vector, and the scan over the eight centroids is a vector min/max/select.
/// The rows three groups ahead are prefetched (listed rows are often sparse).
void worksafe_kmeans_screen8(const int32_t *list, long count, const double *x,
                             const double *offset, const double *rowNorms, long d,
                             const float *columns, const float *norms, float slope,
                             float constant, worksafe_screen_out out);

/// The index of the first byte of `b[start..<n]` that structures CSV — `,` `"` LF or CR — or
/// `n` when there is none: 16 bytes a step (four SSE2 compares and a movemask), then single
/// bytes. These four bytes are the same in UTF-8 and GB18030 and never occur inside a multi-byte
/// character of either, so raw bytes of both can be scanned.
long worksafe_csv_next_structural(const uint8_t *b, long start, long n);

/// The numeric reader's fast path: parses whole records of plain numbers from `b[*position..<n]`
/// straight into a column-major staging block, stopping at the first record it does not handle.
///
/// A record it handles has exactly `columns` fields separated by `,` and ends with LF or CRLF
/// inside the buffer; each field is empty (written as NaN) or a plain decimal: an optional sign,
/// digits with an optional `.` and fraction (at least one digit), at most 18 significant digits,
/// a mantissa below 2⁵³ and at most 22 fraction digits. Such a number `m / 10^k` is converted
/// by one correctly rounded division of two exact doubles (Clinger's fast path), so the value is
/// the one `FastNumberParsing.double` gives, bit for bit. Blank lines (LF, CRLF) are skipped.
///
/// Anything else — quotes, spaces, exponents, long mantissas, a ragged record, a CR alone, a
/// record cut by the end of the buffer — stops the scan *before* that record, for the general
/// path to parse (or report) it. Row r of column c goes to `staging[c·stride + staged + r]`, for
/// at most `capacity` rows.
///
/// Column `label_column` (−1: none) holds text instead: an unquoted field (a quote at its start
/// stops the scan) whose start and end offsets go to `label_spans[2·(staged + r)]` and the entry
/// after it; its staging cell is NaN.
///
/// Returns the rows parsed; `*position` is advanced past them (and past blank lines before
/// the stop), `*lines` gets the lines consumed (rows and blank lines).
long worksafe_csv_plain_numeric_rows(const uint8_t *b, long n, long *position, long columns,
                                     long label_column, long *label_spans,
                                     double *staging, long stride, long staged, long capacity,
                                     long *lines);

#endif
