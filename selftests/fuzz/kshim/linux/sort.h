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

typedef int (*cmp_r_func_t)(const void *a, const void *b, const void *priv);

struct kshim_sort_r {
	cmp_r_func_t cmp;
	const void *priv;
};

static inline int kshim_sort_r_cmp(const void *a, const void *b, void *arg)
{
	const struct kshim_sort_r *s = arg;

	return s->cmp(a, b, s->priv);
}

/* glibc's qsort_r() hands its argument last, and not const. */
static inline void sort_r(void *base, size_t num, size_t size,
			  cmp_r_func_t cmp, swap_func_t swap, const void *priv)
{
	struct kshim_sort_r s = { .cmp = cmp, .priv = priv };

	(void)swap;
	qsort_r(base, num, size, kshim_sort_r_cmp, &s);
}

#endif /* ZTNET_KSHIM_LINUX_SORT_H */
