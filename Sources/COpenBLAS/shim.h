#ifndef TRAINYARD_COPENBLAS_SHIM_H
#define TRAINYARD_COPENBLAS_SHIM_H

/* Debian's libopenblas-dev installs cblas.h through update-alternatives. */
#include <cblas.h>

/* Sets how many threads OpenBLAS may use for one call (process-wide). */
static inline void copenblas_set_thread_count(int count) {
    openblas_set_num_threads(count);
}

/* Returns how many threads OpenBLAS currently uses for one call. */
static inline int copenblas_thread_count(void) {
    return openblas_get_num_threads();
}

#endif
