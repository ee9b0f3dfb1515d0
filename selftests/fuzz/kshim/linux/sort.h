/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the kernel's sort() on the C library's qsort(). */
#ifndef ZTNET_KSHIM_LINUX_SORT_H
#define ZTNET_KSHIM_LINUX_SORT_H

#include <stdlib.h>

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

/* The kernel's swap function only makes it faster; qsort swaps itself. */
static inline void sort(void *base, size_t num, size_t size, cmp_func_t cmp,
			swap_func_t swap)
{
	(void)swap;
	qsort(base, num, size, cmp);
}

#endif /* ZTNET_KSHIM_LINUX_SORT_H */
