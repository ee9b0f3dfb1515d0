/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the bit searches, rotations and bitmap operations of the kernel's
 * <linux/bitops.h>, from builtins.  The kernel's test_and_set_bit() is
 * atomic; single-threaded tests need no more than the plain one.
 */
#ifndef ZTNET_KSHIM_LINUX_BITOPS_H
#define ZTNET_KSHIM_LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

/* The position of the most significant set bit, from 1; 0 for none. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* The position of the least significant set bit; x must not be 0. */
static inline unsigned long __ffs(unsigned long x)
{
	return __builtin_ctzl(x);
}

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

static inline u32 ror32(u32 word, unsigned int shift)
{
	return (word >> (shift & 31)) | (word << ((-shift) & 31));
}

static inline bool test_and_set_bit(unsigned long nr,
				    volatile unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);
	volatile unsigned long *word = addr + nr / BITS_PER_LONG;
	bool old = *word & mask;

	*word |= mask;
	return old;
}

static inline bool test_bit(unsigned long nr,
			    const volatile unsigned long *addr)
{
	return addr[nr / BITS_PER_LONG] & (1UL << (nr % BITS_PER_LONG));
}

#endif /* ZTNET_KSHIM_LINUX_BITOPS_H */
