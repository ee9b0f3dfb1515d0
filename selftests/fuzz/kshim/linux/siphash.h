/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's keyed hash.  Tests need a function of the key and
 * the data that spreads buckets, not SipHash itself: this is FNV-1a
 * folded with the key.
 */
#ifndef ZTNET_KSHIM_LINUX_SIPHASH_H
#define ZTNET_KSHIM_LINUX_SIPHASH_H

#include <stddef.h>
#include <linux/types.h>

typedef struct {
	u64 key[2];
} siphash_key_t;

static inline u64 siphash(const void *data, size_t len,
			  const siphash_key_t *key)
{
	const u8 *bytes = data;
	u64 hash = 0xcbf29ce484222325ULL ^ key->key[0];

	while (len--) {
		hash ^= *bytes++;
		hash *= 0x100000001b3ULL;
	}
	return hash ^ key->key[1];
}

static inline u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key)
{
	const u64 words[2] = { a, b };

	return siphash(words, sizeof(words), key);
}

static inline u64 siphash_3u64(u64 a, u64 b, u64 c, const siphash_key_t *key)
{
	const u64 words[3] = { a, b, c };

	return siphash(words, sizeof(words), key);
}

#endif /* ZTNET_KSHIM_LINUX_SIPHASH_H */
