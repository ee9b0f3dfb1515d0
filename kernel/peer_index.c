// SPDX-License-Identifier: GPL-2.0
/*
 * The index of a device's peers by public key.  Lookups run under RCU, so
 * the handshake can find a peer without the device's update lock; changes
 * hold that lock.
 */

#include <crypto/algapi.h>
#include <linux/random.h>

#include "peer.h"
#include "peer_index.h"

static struct hlist_head *ztnet_peer_bucket(struct ztnet_peer_index *index,
					    const u8 public_key[ZTNET_KEY_LEN])
{
	u64 hash = siphash(public_key, ZTNET_KEY_LEN, &index->key);

	return &index->buckets[hash & (HASH_SIZE(index->buckets) - 1)];
}

void ztnet_peer_index_init(struct ztnet_peer_index *index, struct mutex *lock)
{
	hash_init(index->buckets);
	get_random_bytes(&index->key, sizeof(index->key));
	index->lock = lock;
}

void ztnet_peer_index_add(struct ztnet_peer_index *index, struct ztnet_peer *peer)
{
	lockdep_assert_held(index->lock);
	hlist_add_head_rcu(&peer->index_node,
			   ztnet_peer_bucket(index, peer->public_key));
}

void ztnet_peer_index_remove(struct ztnet_peer_index *index,
			     struct ztnet_peer *peer)
{
	lockdep_assert_held(index->lock);
	hlist_del_init_rcu(&peer->index_node);
}

/*
 * Returns the peer with that key, with a reference held, or NULL.  Public
 * keys are not secret, but they are compared in constant time all the
 * same: the comparison costs nothing and leaks nothing.
 */
struct ztnet_peer *
ztnet_peer_index_lookup(struct ztnet_peer_index *index,
			const u8 public_key[ZTNET_KEY_LEN])
{
	struct ztnet_peer *peer, *found = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu(peer, ztnet_peer_bucket(index, public_key),
				 index_node) {
		if (!crypto_memneq(peer->public_key, public_key, ZTNET_KEY_LEN)) {
			found = ztnet_peer_get_maybe_zero(peer);
			break;
		}
	}
	rcu_read_unlock_bh();
	return found;
}
