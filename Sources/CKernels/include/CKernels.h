// CKernels: hand-vectorised inner loops that Swift's SIMD types do not compile well for the
// baseline x86-64 target (SSE2: no three-operand forms, no blends, element-wise conversions).
// Only Stats includes this module; it has no stable API.
#ifndef WORKSAFE_CKERNELS_H
#define WORKSAFE_CKERNELS_H

#include <stdint.h>

/// Single-precision k-means scores for up to eight centroids, four listed rows at a time.
///
/// For each listed row i (`list[0..<count]`, row `list[p]` at `x + list[p]·d`), with
/// `x̂ₜ = (float)(xᵢₜ − offsetₜ)`, the eight scores `ŝⱼ = normsⱼ + Σₜ x̂ₜ·columns[8t + j]`
/// (the columns hold −2·cⱼ, so ŝⱼ = ‖cⱼ‖² − 2x̂·ĉⱼ up to rounding; padding lanes have norm +∞);
/// writes the first minimum's lane to `index[p]`, the minimum to `best[p]` and the smallest of
/// the other lanes to `second[p]`. The output arrays need room for `count` rounded up to a
/// multiple of four (the last group repeats the last row). `rowNorms` (one per row) is only
/// prefetched, for the caller's use after the call.
///
/// Per four rows: the rows' elements are converted four at a time by packed operations and
/// transposed so that one vector holds an element of the four rows; each centroid's scores then
/// accumulate in one vector, and the scan over the eight centroids is a vector min/max/select.
void worksafe_kmeans_scores8(const int32_t *list, long count, const double *x,
                             const double *offset, const double *rowNorms, long d,
                             const float *columns,
                             const float *norms, int32_t *index, float *best, float *second);

#endif
