// COpenBLAS: cblas.h plus the LAPACK Fortran routines worksafe calls.
//
// Debian's libopenblas-dev ships the LAPACK symbols inside libopenblas but no LAPACKE and no
// usable lapack.h, so the Fortran prototypes are declared here. Fortran convention: every
// argument by pointer, 32-bit integers, column-major matrices, and one hidden trailing size_t
// length per CHARACTER argument. Linalg and Stats include this module; it has no stable API.
#ifndef WORKSAFE_COPENBLAS_SHIM_H
#define WORKSAFE_COPENBLAS_SHIM_H

#include <cblas.h>
#include <stddef.h>

typedef int lapack_int;

// A read prefetch into all cache levels, for gathered row accesses in Stats' k-means kernels
// (Swift has no prefetch intrinsic).
static inline void worksafe_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

// The processor's cpuid registers and the OS-enabled register state (XCR0), for choosing an
// OpenBLAS kernel set (Linalg's `ProcessorFeatures`). `regs` gets eax, ebx, ecx, edx of
// `leaf`/`subleaf`; all zero for a leaf above the maximum, and everywhere on other processors.
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
static inline void worksafe_cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) {
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
    if (leaf > __get_cpuid_max(leaf & 0x80000000u, 0)) return;
    __cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
}
// XCR0 (xgetbv 0); 0 unless cpuid says the OS enabled xsave (OSXSAVE), which xgetbv needs.
static inline unsigned long long worksafe_xcr0(void) {
    unsigned regs[4];
    worksafe_cpuid(1, 0, regs);
    if (!(regs[2] & (1u << 27))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}
#else
static inline void worksafe_cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) {
    (void)leaf; (void)subleaf;
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
}
static inline unsigned long long worksafe_xcr0(void) { return 0; }
#endif

// Cholesky factorization of a symmetric positive-definite matrix, and solve with the factor.
void dpotrf_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t uplo_len);
void dpotrs_(const char *uplo, const lapack_int *n, const lapack_int *nrhs, const double *a,
             const lapack_int *lda, double *b, const lapack_int *ldb, lapack_int *info,
             size_t uplo_len);
// Inverse from the Cholesky factor.
void dpotri_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t uplo_len);
// Reciprocal condition number estimate from the Cholesky factor.
void dpocon_(const char *uplo, const lapack_int *n, const double *a, const lapack_int *lda,
             const double *anorm, double *rcond, double *work, lapack_int *iwork,
             lapack_int *info, size_t uplo_len);

// Least squares by QR (full rank) and by SVD (rank-revealing, divide and conquer).
void dgels_(const char *trans, const lapack_int *m, const lapack_int *n, const lapack_int *nrhs,
            double *a, const lapack_int *lda, double *b, const lapack_int *ldb, double *work,
            const lapack_int *lwork, lapack_int *info, size_t trans_len);
void dgelsd_(const lapack_int *m, const lapack_int *n, const lapack_int *nrhs, double *a,
             const lapack_int *lda, double *b, const lapack_int *ldb, double *s,
             const double *rcond, lapack_int *rank, double *work, const lapack_int *lwork,
             lapack_int *iwork, lapack_int *info);

// QR factorization with column pivoting is not needed yet; plain QR pieces for covariance.
void dgeqrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
             double *tau, double *work, const lapack_int *lwork, lapack_int *info);

// Triangular inverse (used for (R'R)^-1 = R^-1 R^-T in least-squares standard errors).
void dtrtri_(const char *uplo, const char *diag, const lapack_int *n, double *a,
             const lapack_int *lda, lapack_int *info, size_t uplo_len, size_t diag_len);

// Symmetric eigen-decomposition (divide and conquer).
void dsyevd_(const char *jobz, const char *uplo, const lapack_int *n, double *a,
             const lapack_int *lda, double *w, double *work, const lapack_int *lwork,
             lapack_int *iwork, const lapack_int *liwork, lapack_int *info, size_t jobz_len,
             size_t uplo_len);

// Singular value decomposition (divide and conquer).
void dgesdd_(const char *jobz, const lapack_int *m, const lapack_int *n, double *a,
             const lapack_int *lda, double *s, double *u, const lapack_int *ldu, double *vt,
             const lapack_int *ldvt, double *work, const lapack_int *lwork, lapack_int *iwork,
             lapack_int *info, size_t jobz_len);

// General LU solve (for square non-symmetric systems).
void dgesv_(const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda,
            lapack_int *ipiv, double *b, const lapack_int *ldb, lapack_int *info);

#endif
