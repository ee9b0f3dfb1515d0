// SPDX-License-Identifier: GPL-2.0
/*
 * Peer lifetime.  A peer is created and removed under its device's update
 * lock, and freed when the last reference goes, after an RCU grace period
 * so that lock-free readers that found it may finish.
 */

#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "peer.h"

struct ztnet_peer *ztnet_peer_create(struct ztnet_device *zt,
				     const u8 public_key[ZTNET_KEY_LEN])
{
	struct ztnet_peer *peer;

	lockdep_assert_held(&zt->update_lock);
	if (zt->num_peers >= ZTNET_MAX_PEERS)
		return ERR_PTR(-ENOSPC);

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->device = zt;
	memcpy(peer->public_key, public_key, ZTNET_KEY_LEN);
	INIT_LIST_HEAD(&peer->allowedips_list);
	kref_init(&peer->refcount);

	list_add_tail(&peer->peer_list, &zt->peer_list);
	ztnet_peer_index_add(&zt->peer_index, peer);
	zt->num_peers++;
	return peer;
}

struct ztnet_peer *ztnet_peer_get_maybe_zero(struct ztnet_peer *peer)
{
	if (unlikely(!peer || !kref_get_unless_zero(&peer->refcount)))
		return NULL;
	return peer;
}

static void ztnet_peer_free_rcu(struct rcu_head *rcu)
{
	struct ztnet_peer *peer = container_of(rcu, struct ztnet_peer, rcu);

	memzero_explicit(peer->preshared_key, sizeof(peer->preshared_key));
	kfree(peer);
}

static void ztnet_peer_release(struct kref *refcount)
{
	struct ztnet_peer *peer = container_of(refcount, struct ztnet_peer,
					       refcount);

	call_rcu(&peer->rcu, ztnet_peer_free_rcu);
}

void ztnet_peer_put(struct ztnet_peer *peer)
{
	if (peer)
		kref_put(&peer->refcount, ztnet_peer_release);
}

/*
 * Unlinks the peer from every place that can find it, then drops the
 * reference that creation took.  Lookups already running may still hold
 * it; they see it dead.
 */
void ztnet_peer_remove(struct ztnet_peer *peer)
{
	struct ztnet_device *zt = peer->device;

	lockdep_assert_held(&zt->update_lock);
	if (WARN_ON(peer->dead))
		return;
	peer->dead = true;
	ztnet_allowedips_remove_by_peer(&zt->allowedips, &peer->allowedips_list);
	ztnet_peer_index_remove(&zt->peer_index, peer);
	list_del_init(&peer->peer_list);
	zt->num_peers--;
	zt->config_seq++;
	ztnet_peer_put(peer);
}

void ztnet_peer_remove_all(struct ztnet_device *zt)
{
	struct ztnet_peer *peer, *next;

	lockdep_assert_held(&zt->update_lock);
	list_for_each_entry_safe(peer, next, &zt->peer_list, peer_list)
		ztnet_peer_remove(peer);
}
