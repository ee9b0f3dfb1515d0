/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the fixed-size hash tables of the kernel's <linux/hashtable.h>. */
#ifndef ZTNET_KSHIM_LINUX_HASHTABLE_H
#define ZTNET_KSHIM_LINUX_HASHTABLE_H

#include <linux/kernel.h>
#include <linux/rculist.h>
#include <linux/types.h>

#define DECLARE_HASHTABLE(name, bits) struct hlist_head name[1 << (bits)]
#define HASH_SIZE(name) (ARRAY_SIZE(name))

static inline void kshim_hash_init(struct hlist_head *table, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		INIT_HLIST_HEAD(&table[i]);
}

#define hash_init(table) kshim_hash_init(table, HASH_SIZE(table))

static inline bool kshim_hash_empty(const struct hlist_head *table,
				    size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		if (!hlist_empty(&table[i]))
			return false;
	return true;
}

#define hash_empty(table) kshim_hash_empty(table, HASH_SIZE(table))

#endif /* ZTNET_KSHIM_LINUX_HASHTABLE_H */
