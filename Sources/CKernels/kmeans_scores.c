#include "CKernels.h"

#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

void worksafe_kmeans_scores8(const int32_t *list, long count, const double *x,
                             const double *offset, const double *rowNorms, long d,
                             const float *columns,
                             const float *norms, int32_t *index, float *best, float *second) {
    if (count <= 0) return;
    const long last = count - 1;
    for (long p = 0; p < count; p += 4) {
        const double *r[4];
        for (int i = 0; i < 4; i++) {
            long q = p + i < last ? p + i : last;
            r[i] = x + (long)list[q] * d;
        }
        // The rows three groups ahead: listed rows are often sparse, beyond the hardware
        // prefetcher, and the loop is otherwise bound by their memory latency.
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
        _mm_storeu_si128((__m128i *)(index + p), idx);
        _mm_storeu_ps(best + p, b);
        _mm_storeu_ps(second + p, s);
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
            index[p + i] = bi;
            best[p + i] = b;
            second[p + i] = s;
        }
#endif
    }
}
