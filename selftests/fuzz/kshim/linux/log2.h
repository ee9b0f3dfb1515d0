/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the powers of two and logarithms of the kernel's <linux/log2.h>. */
#ifndef ZTNET_KSHIM_LINUX_LOG2_H
#define ZTNET_KSHIM_LINUX_LOG2_H

#include <linux/bits.h>

static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << (BITS_PER_LONG - 1 - __builtin_clzl(n)) : 0;
}

/* n must be at least 1 and at most the largest power of two in a long. */
static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n > 1 ? 1UL << (BITS_PER_LONG - __builtin_clzl(n - 1)) : 1;
}

/* The kernel's is a macro that folds constants; this is enough for n > 0. */
static inline int ilog2(unsigned long n)
{
	return BITS_PER_LONG - 1 - __builtin_clzl(n);
}

#endif /* ZTNET_KSHIM_LINUX_LOG2_H */
