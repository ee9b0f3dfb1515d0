/* SPDX-License-Identifier: GPL-2.0 */
/* hash_64() for the fuzz shim: multiplicative hashing by the golden ratio. */
#ifndef ZTNET_KSHIM_HASH_H
#define ZTNET_KSHIM_HASH_H

#include <linux/types.h>

#define GOLDEN_RATIO_64 0x61C8864680B583EBull

static inline u32 hash_64(u64 val, unsigned int bits)
{
	return val * GOLDEN_RATIO_64 >> (64 - bits);
}

#endif
