// SPDX-License-Identifier: GPL-2.0
/*
 * The session index: our random 32-bit receiver indexes, each naming a
 * handshake in progress or a session's keypair.  Lookups run under RCU on
 * every received packet; changes take a spinlock.
 */

#include <linux/random.h>

#include "peer.h"
#include "session_index.h"

static struct hlist_head *ztnet_index_bucket(struct ztnet_session_index *table,
					     __le32 index)
{
	/*
	 * The index is random and of our choosing, so its low bits spread
	 * the buckets evenly without hashing.
	 */
	return &table->buckets[(__force u32)index & (HASH_SIZE(table->buckets) - 1)];
}

void ztnet_session_index_init(struct ztnet_session_index *table)
{
	hash_init(table->buckets);
	spin_lock_init(&table->lock);
}

static bool ztnet_index_in_use(struct ztnet_session_index *table, __le32 index)
{
	struct ztnet_index_entry *entry;

	hlist_for_each_entry_rcu(entry, ztnet_index_bucket(table, index), node,
				 lockdep_is_held(&table->lock)) {
		if (entry->index == index)
			return true;
	}
	return false;
}

/*
 * Gives the entry a fresh random index that no other entry has.  A
 * candidate is tried without the lock first, so that a table under heavy
 * handshake load does not serialise on it, then confirmed under the lock.
 */
__le32 ztnet_session_index_insert(struct ztnet_session_index *table,
				  struct ztnet_index_entry *entry)
{
	__le32 index;

	ztnet_session_index_remove(table, entry);
	for (;;) {
		index = (__force __le32)get_random_u32();
		rcu_read_lock_bh();
		if (ztnet_index_in_use(table, index)) {
			rcu_read_unlock_bh();
			continue;
		}
		rcu_read_unlock_bh();
		spin_lock_bh(&table->lock);
		if (!ztnet_index_in_use(table, index))
			break;
		spin_unlock_bh(&table->lock);
	}
	entry->index = index;
	hlist_add_head_rcu(&entry->node, ztnet_index_bucket(table, index));
	spin_unlock_bh(&table->lock);
	return index;
}

/*
 * A handshake becomes a keypair under the same index, so that a packet
 * racing the change finds one or the other, never nothing.
 */
bool ztnet_session_index_replace(struct ztnet_session_index *table,
				 struct ztnet_index_entry *old,
				 struct ztnet_index_entry *new)
{
	bool replaced = false;

	spin_lock_bh(&table->lock);
	if (!hlist_unhashed(&old->node)) {
		new->index = old->index;
		hlist_replace_rcu(&old->node, &new->node);
		/* A later remove of old must not touch new's neighbours. */
		INIT_HLIST_NODE(&old->node);
		replaced = true;
	}
	spin_unlock_bh(&table->lock);
	return replaced;
}

void ztnet_session_index_remove(struct ztnet_session_index *table,
				struct ztnet_index_entry *entry)
{
	spin_lock_bh(&table->lock);
	hlist_del_init_rcu(&entry->node);
	spin_unlock_bh(&table->lock);
}

/* Once a device's peers are gone, nothing may be left to find. */
bool ztnet_session_index_is_empty(struct ztnet_session_index *table)
{
	bool empty;

	spin_lock_bh(&table->lock);
	empty = hash_empty(table->buckets);
	spin_unlock_bh(&table->lock);
	return empty;
}

/*
 * Returns the entry of one of the types asked for, with a reference to its
 * peer in *peer, or NULL.  An entry whose peer is going is not found.
 */
struct ztnet_index_entry *
ztnet_session_index_lookup(struct ztnet_session_index *table,
			   unsigned int type_mask, __le32 index,
			   struct ztnet_peer **peer)
{
	struct ztnet_index_entry *entry, *found = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu(entry, ztnet_index_bucket(table, index), node) {
		if (entry->index == index) {
			if (entry->type & type_mask)
				found = entry;
			break;
		}
	}
	if (found) {
		*peer = ztnet_peer_get_maybe_zero(found->peer);
		if (!*peer)
			found = NULL;
	}
	rcu_read_unlock_bh();
	return found;
}
