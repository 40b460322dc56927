// CBLASDirect: cblas.h for the benchmarks' direct `cblas_dgemm` reference call. Not an API.
#ifndef WORKSAFE_BENCHMARKS_CBLASDIRECT_H
#define WORKSAFE_BENCHMARKS_CBLASDIRECT_H
#include <cblas.h>
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
