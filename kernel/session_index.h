/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_SESSION_INDEX_H
#define _ZTNET_SESSION_INDEX_H

#include <linux/hashtable.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct ztnet_peer;

enum ztnet_index_type {
	ZTNET_INDEX_HANDSHAKE = 1U << 0,
	ZTNET_INDEX_KEYPAIR = 1U << 1,
};

/*
 * Every message after the first names its receiver by a 32-bit index the
 * receiver chose at random.  An index names either a handshake in progress
 * or a session's keypair.
 */
struct ztnet_index_entry {
	struct ztnet_peer *peer;
	struct hlist_node node;
	__le32 index;
	enum ztnet_index_type type;
};

struct ztnet_session_index {
	DECLARE_HASHTABLE(buckets, 13);
	/* Serialises changes; lookups use RCU. */
	spinlock_t lock;
};

void ztnet_session_index_init(struct ztnet_session_index *table);
__le32 ztnet_session_index_insert(struct ztnet_session_index *table,
				  struct ztnet_index_entry *entry);
bool ztnet_session_index_replace(struct ztnet_session_index *table,
				 struct ztnet_index_entry *old,
				 struct ztnet_index_entry *new);
void ztnet_session_index_remove(struct ztnet_session_index *table,
				struct ztnet_index_entry *entry);
bool ztnet_session_index_is_empty(struct ztnet_session_index *table);
struct ztnet_index_entry *
ztnet_session_index_lookup(struct ztnet_session_index *table,
			   unsigned int type_mask, __le32 index,
			   struct ztnet_peer **peer);

#endif /* _ZTNET_SESSION_INDEX_H */
