#include "CKernels.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

// Widening factors of the bounds' single-precision square roots.
//
// With squares below 2⁶² (as the screen requires: squared norms below 2⁶⁰) and u = 2⁻²⁴, the
// square v·(1 + 2⁻²¹) rounded to float lies within a factor 1 ± u of v·(1 + 2⁻²¹), so above v;
// the correctly rounded float square root is within 1 ± u of the true one, which the remaining
// factor (√(1 + 2⁻²¹) ≈ 1 + 2⁻²²) and the final factor 1 + 2⁻²¹ cover; the double products
// round by far less. Downward alike with 1 − 2⁻²¹. Below the normal float range the relative
// bound fails, so 2⁻¹²⁰ is added to the upward squares (a lower bound that underflows to 0
// stays valid). The error bound E itself, and why accepted labels are exact, are proved beside
// `SingleScreen.errorBound` (Sources/Stats/Clustering/Lloyd/SinglePrecisionScreen.swift).
static const double up = 1.0 + 0x1p-21, down = 1.0 - 0x1p-21;

void worksafe_kmeans_screen8(const int32_t *list, long count, const double *x,
                             const double *offset, const double *rowNorms, long d,
                             const float *columns, const float *norms, float slope,
                             float constant, worksafe_screen_out out) {
    if (count <= 0) return;
    const long last = count - 1;
    for (long p = 0; p < count; p += 4) {
        const double *r[4];
        double xn[4];
        for (int i = 0; i < 4; i++) {
            long q = p + i < last ? p + i : last;
            r[i] = x + (long)list[q] * d;
            xn[i] = rowNorms[list[q]];
        }
        for (long q = p + 12; q < p + 16 && q < count; q++) {
            const double *ahead = x + (long)list[q] * d;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + d - 1);
            __builtin_prefetch(rowNorms + list[q]);
        }
#if defined(__SSE2__)
        __m128 acc[8];
        for (int j = 0; j < 8; j++) acc[j] = _mm_set1_ps(norms[j]);
        long t = 0;
        for (; t + 4 <= d; t += 4) {
            const __m128d o0 = _mm_loadu_pd(offset + t), o1 = _mm_loadu_pd(offset + t + 2);
            __m128 v[4];
            for (int i = 0; i < 4; i++) {
                __m128 lo = _mm_cvtpd_ps(_mm_sub_pd(_mm_loadu_pd(r[i] + t), o0));
                __m128 hi = _mm_cvtpd_ps(_mm_sub_pd(_mm_loadu_pd(r[i] + t + 2), o1));
                v[i] = _mm_movelh_ps(lo, hi);
            }
            _MM_TRANSPOSE4_PS(v[0], v[1], v[2], v[3]);
            for (int k = 0; k < 4; k++) {
                const float *c = columns + (t + k) * 8;
                for (int j = 0; j < 8; j++)
                    acc[j] = _mm_add_ps(acc[j], _mm_mul_ps(v[k], _mm_set1_ps(c[j])));
            }
        }
        for (; t < d; t++) {
            __m128 v = _mm_setr_ps((float)(r[0][t] - offset[t]), (float)(r[1][t] - offset[t]),
                                   (float)(r[2][t] - offset[t]), (float)(r[3][t] - offset[t]));
            const float *c = columns + t * 8;
            for (int j = 0; j < 8; j++) acc[j] = _mm_add_ps(acc[j], _mm_mul_ps(v, _mm_set1_ps(c[j])));
        }
        // First minimum (strict <: the lower lane wins a tie) and the runner-up value.
        __m128 b = acc[0], s = _mm_set1_ps(INFINITY);
        __m128i idx = _mm_setzero_si128();
        for (int j = 1; j < 8; j++) {
            const __m128 v = acc[j];
            const __m128i lt = _mm_castps_si128(_mm_cmplt_ps(v, b));
            s = _mm_min_ps(s, _mm_max_ps(b, v));
            b = _mm_min_ps(b, v);
            idx = _mm_or_si128(_mm_and_si128(lt, _mm_set1_epi32(j)), _mm_andnot_si128(lt, idx));
        }
        _mm_storeu_si128((__m128i *)(out.index + p), idx);
        // The error bound and the acceptance test, in single precision.
        const __m128d xn01 = _mm_loadu_pd(xn), xn23 = _mm_loadu_pd(xn + 2);
        const __m128 xnf = _mm_movelh_ps(_mm_cvtpd_ps(xn01), _mm_cvtpd_ps(xn23));
        const __m128 e = _mm_add_ps(_mm_mul_ps(_mm_set1_ps(slope), _mm_sqrt_ps(xnf)), _mm_set1_ps(constant));
        const __m128 ok = _mm_cmpgt_ps(_mm_sub_ps(s, b), _mm_add_ps(e, e));
        _mm_storeu_si128((__m128i *)(out.accept + p), _mm_castps_si128(ok));
        // The bounds: squares in double, one single-precision square root for the eight values.
        const __m128d e01 = _mm_cvtps_pd(e), e23 = _mm_cvtps_pd(_mm_movehl_ps(e, e));
        const __m128d b01 = _mm_cvtps_pd(b), b23 = _mm_cvtps_pd(_mm_movehl_ps(b, b));
        const __m128d s01 = _mm_cvtps_pd(s), s23 = _mm_cvtps_pd(_mm_movehl_ps(s, s));
        const __m128d vup = _mm_set1_pd(up), vdown = _mm_set1_pd(down), tiny = _mm_set1_pd(0x1p-120);
        const __m128d zero = _mm_setzero_pd();
        const __m128d u01 = _mm_add_pd(_mm_mul_pd(_mm_add_pd(_mm_add_pd(xn01, b01), e01), vup), tiny);
        const __m128d u23 = _mm_add_pd(_mm_mul_pd(_mm_add_pd(_mm_add_pd(xn23, b23), e23), vup), tiny);
        const __m128d l01 = _mm_mul_pd(_mm_max_pd(_mm_sub_pd(_mm_add_pd(xn01, s01), e01), zero), vdown);
        const __m128d l23 = _mm_mul_pd(_mm_max_pd(_mm_sub_pd(_mm_add_pd(xn23, s23), e23), zero), vdown);
        const __m128 ur = _mm_sqrt_ps(_mm_movelh_ps(_mm_cvtpd_ps(u01), _mm_cvtpd_ps(u23)));
        const __m128 lr = _mm_sqrt_ps(_mm_movelh_ps(_mm_cvtpd_ps(l01), _mm_cvtpd_ps(l23)));
        _mm_storeu_pd(out.upper + p, _mm_mul_pd(_mm_cvtps_pd(ur), vup));
        _mm_storeu_pd(out.upper + p + 2, _mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(ur, ur)), vup));
        _mm_storeu_pd(out.lower + p, _mm_mul_pd(_mm_cvtps_pd(lr), vdown));
        _mm_storeu_pd(out.lower + p + 2, _mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(lr, lr)), vdown));
#else
        for (int i = 0; i < 4; i++) {
            float acc[8];
            for (int j = 0; j < 8; j++) acc[j] = norms[j];
            for (long t = 0; t < d; t++) {
                const float v = (float)(r[i][t] - offset[t]);
                for (int j = 0; j < 8; j++) acc[j] += v * columns[t * 8 + j];
            }
            float b = acc[0], s = INFINITY;
            int32_t bi = 0;
            for (int j = 1; j < 8; j++) {
                const float v = acc[j];
                s = fminf(s, fmaxf(b, v));
                if (v < b) { b = v; bi = j; }
            }
            const float e = slope * sqrtf((float)xn[i]) + constant;
            out.index[p + i] = bi;
            out.accept[p + i] = (s - b > e + e) ? -1 : 0;
            const double u2 = (xn[i] + (double)b + (double)e) * up + 0x1p-120;
            const double l2 = fmax((xn[i] + (double)s) - (double)e, 0.0) * down;
            out.upper[p + i] = (double)sqrtf((float)u2) * up;
            out.lower[p + i] = (double)sqrtf((float)l2) * down;
        }
#endif
    }
}
