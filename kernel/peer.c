// SPDX-License-Identifier: GPL-2.0
/*
 * Peer lifetime.  A peer is created and removed under its device's update
 * lock.  Removal first makes it unreachable, then waits for every packet
 * and work item in flight to let go of it, and frees it after an RCU grace
 * period so that lock-free readers that found it may finish.
 */

#include <linux/cpumask.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "peer.h"
#include "queueing.h"
#include "receive.h"
#include "send.h"
#include "timers.h"

static atomic64_t ztnet_peer_ids = ATOMIC64_INIT(0);

/* Spreads peers' in-order work over the CPUs. */
static int ztnet_peer_cpu(u64 id)
{
	unsigned int n = id % num_online_cpus(), cpu;

	for_each_online_cpu(cpu) {
		if (!n--)
			return cpu;
	}
	return cpumask_first(cpu_online_mask);
}

static void ztnet_peer_init_queues(struct ztnet_peer *peer)
{
	skb_queue_head_init(&peer->staged_packet_queue);
	ztnet_serial_queue_init(&peer->tx_queue);
	ztnet_serial_queue_init(&peer->rx_queue);
	INIT_WORK(&peer->transmit_work, ztnet_packet_tx_worker);
	INIT_WORK(&peer->transmit_handshake_work,
		  ztnet_packet_handshake_send_worker);
	peer->serial_work_cpu = ztnet_peer_cpu(peer->internal_id);
	netif_napi_add(peer->device->dev, &peer->napi, ztnet_packet_rx_poll);
	napi_enable(&peer->napi);
}

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
	if (dst_cache_init(&peer->endpoint_cache, GFP_KERNEL)) {
		kfree(peer);
		return ERR_PTR(-ENOMEM);
	}
	peer->device = zt;
	peer->internal_id = atomic64_inc_return(&ztnet_peer_ids);
	memcpy(peer->public_key, public_key, ZTNET_KEY_LEN);
	rwlock_init(&peer->endpoint_lock);
	ztnet_noise_handshake_init(&peer->handshake, peer);
	ztnet_keypairs_init(&peer->keypairs);
	ztnet_cookie_init(&peer->cookie);
	ztnet_cookie_checker_precompute_peer_keys(peer);
	ztnet_timers_init(peer);
	ztnet_peer_init_queues(peer);
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

/* For a caller that already holds a reference. */
struct ztnet_peer *ztnet_peer_get(struct ztnet_peer *peer)
{
	kref_get(&peer->refcount);
	return peer;
}

/*
 * An index entry that outlived its peer would have every later lookup in
 * its bucket touch freed memory: removal must have taken it out.
 */
static void ztnet_peer_free_rcu(struct rcu_head *rcu)
{
	struct ztnet_peer *peer = container_of(rcu, struct ztnet_peer, rcu);

	WARN_ON(!hlist_unhashed(&peer->handshake.entry.node));

	dst_cache_destroy(&peer->endpoint_cache);
	kfree_sensitive(peer);
}

static void ztnet_peer_release(struct kref *refcount)
{
	struct ztnet_peer *peer = container_of(refcount, struct ztnet_peer,
					       refcount);

	call_rcu(&peer->rcu, ztnet_peer_free_rcu);
}

/*
 * The device counts what arrived from a peer as the peer does, whole
 * messages, handshakes included; as WireGuard does.
 */
void ztnet_peer_add_rx_bytes(struct ztnet_peer *peer, u64 len)
{
	/* The device's per-CPU counters are updated with bottom halves off. */
	lockdep_assert_in_softirq();
	atomic64_add(len, &peer->rx_bytes);
	dev_sw_netstats_rx_add(peer->device->dev, len);
}

void ztnet_peer_put(struct ztnet_peer *peer)
{
	if (peer)
		kref_put(&peer->refcount, ztnet_peer_release);
}

/* Unlinks the peer from every place that can find it. */
static void ztnet_peer_make_dead(struct ztnet_peer *peer)
{
	struct ztnet_device *zt = peer->device;

	lockdep_assert_held(&zt->update_lock);
	WRITE_ONCE(peer->dead, true);
	ztnet_allowedips_remove_by_peer(&zt->allowedips, &peer->allowedips_list);
	ztnet_peer_index_remove(&zt->peer_index, peer);
	list_del_init(&peer->peer_list);
	zt->num_peers--;
	zt->config_seq++;
}

/*
 * After a grace period nobody can newly find the peer, so once its
 * sessions and timers are gone and the work in flight is done, nothing
 * refers to it but the reference that creation took.
 */
static void ztnet_peer_finish(struct ztnet_peer *peer)
{
	struct ztnet_device *zt = peer->device;

	/* First the handshakes, which could still make a session... */
	ztnet_noise_handshake_clear(&peer->handshake);
	flush_workqueue(zt->handshake_wq);
	flush_workqueue(zt->handshake_send_wq);
	ztnet_timers_stop(peer);
	/* ...then the sessions, which data can no longer find... */
	ztnet_keypairs_clear(&peer->keypairs);
	/* ...then the packets in flight. */
	napi_disable(&peer->napi);
	flush_workqueue(zt->crypt_wq);
	flush_work(&peer->transmit_work);
	ztnet_serial_queue_purge(&peer->rx_queue);
	ztnet_serial_queue_purge(&peer->tx_queue);
	ztnet_packet_purge_staged(peer);
	/* The peer is freed after a grace period, which napi_del needs. */
	__netif_napi_del(&peer->napi);
	ztnet_peer_put(peer);
}

void ztnet_peer_remove(struct ztnet_peer *peer)
{
	if (WARN_ON(peer->dead))
		return;
	ztnet_peer_make_dead(peer);
	synchronize_net();
	ztnet_peer_finish(peer);
}

/* One grace period for all of them, not one each. */
void ztnet_peer_remove_all(struct ztnet_device *zt)
{
	struct ztnet_peer *peer, *next;
	LIST_HEAD(dead);

	lockdep_assert_held(&zt->update_lock);
	if (list_empty(&zt->peer_list))
		return;
	list_for_each_entry_safe(peer, next, &zt->peer_list, peer_list) {
		ztnet_peer_make_dead(peer);
		list_add_tail(&peer->peer_list, &dead);
	}
	synchronize_net();
	list_for_each_entry_safe(peer, next, &dead, peer_list) {
		list_del_init(&peer->peer_list);
		ztnet_peer_finish(peer);
	}
}
