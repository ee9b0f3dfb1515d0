/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: BIT() and BIT_ULL() of the kernel's <linux/bits.h>. */
#ifndef ZTNET_KSHIM_LINUX_BITS_H
#define ZTNET_KSHIM_LINUX_BITS_H

#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))

#endif /* ZTNET_KSHIM_LINUX_BITS_H */
