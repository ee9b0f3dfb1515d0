/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the bit searches of the kernel's <linux/bitops.h>, from builtins. */
#ifndef ZTNET_KSHIM_LINUX_BITOPS_H
#define ZTNET_KSHIM_LINUX_BITOPS_H

#include <linux/types.h>

/* The position of the most significant set bit, from 1; 0 for none. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif /* ZTNET_KSHIM_LINUX_BITOPS_H */
