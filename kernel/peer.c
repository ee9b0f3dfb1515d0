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
#include "firewall.h"
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

/*
 * A peer's memory, and nothing else: a configuration change allocates
 * every peer it will create before it changes anything (config.c).
 */
struct ztnet_peer *ztnet_peer_alloc(void)
{
	struct ztnet_peer *peer = kzalloc(sizeof(*peer), GFP_KERNEL_ACCOUNT);

	if (!peer)
		return NULL;
	if (dst_cache_init(&peer->endpoint_cache, GFP_KERNEL_ACCOUNT)) {
		kfree(peer);
		return NULL;
	}
	INIT_LIST_HEAD(&peer->peer_list);
	return peer;
}

/* A peer that ztnet_peer_alloc() made and that was never created. */
void ztnet_peer_free_unused(struct ztnet_peer *peer)
{
	dst_cache_destroy(&peer->endpoint_cache);
	kfree(peer);
}

/*
 * Makes @peer, from ztnet_peer_alloc(), the device's peer with that key
 * and returns it with the reference that the device holds.  It cannot
 * fail: the caller checked the device has room.
 */
struct ztnet_peer *ztnet_peer_create(struct ztnet_device *zt,
				     struct ztnet_peer *peer,
				     const u8 public_key[ZTNET_KEY_LEN])
{
	lockdep_assert_held(&zt->update_lock);
	list_del_init(&peer->peer_list);
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
	ztnet_peer_flows_init(&peer->flows);
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

/*
 * The last reference may be a dump's, after the device is gone: nothing
 * here may touch the device.
 */
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
 * After a grace period nobody can newly find the dead peers, and every
 * timer and worker that could start something for them sees them dead.
 * What was queued before is drained first, and only then are their
 * handshakes and sessions cleared: work that ran after the clearing could
 * make them again, for a peer about to be freed.  Then nothing refers to
 * a peer but the reference that creation took.  The queues are drained
 * once for all of them, not once each.
 */
static void ztnet_peers_finish(struct ztnet_device *zt, struct list_head *dead)
{
	struct ztnet_peer *peer, *next;

	/* First what could make a handshake or a session... */
	list_for_each_entry(peer, dead, peer_list)
		ztnet_timers_stop(peer);
	flush_workqueue(zt->handshake_send_wq);
	flush_workqueue(zt->handshake_wq);
	/* ...then the handshakes and the sessions, which nothing remakes... */
	list_for_each_entry(peer, dead, peer_list) {
		ztnet_noise_handshake_clear(&peer->handshake);
		ztnet_keypairs_clear(&peer->keypairs);
		napi_disable(&peer->napi);
	}
	/* ...then the packets in flight. */
	flush_workqueue(zt->crypt_wq);
	list_for_each_entry_safe(peer, next, dead, peer_list) {
		flush_work(&peer->transmit_work);
		ztnet_serial_queue_purge(&peer->rx_queue);
		ztnet_serial_queue_purge(&peer->tx_queue);
		ztnet_packet_purge_staged(peer);
		/* No packet of the peer is in flight: its flows go now. */
		ztnet_fw_peer_gone(peer);
		/* The peer is freed after a grace period, which napi_del needs. */
		__netif_napi_del(&peer->napi);
		list_del_init(&peer->peer_list);
		ztnet_peer_put(peer);
	}
}

/*
 * Removing a peer takes two steps, so that removing many costs one grace
 * period and one drain of the queues: ztnet_peer_kill() makes it
 * unreachable at once and puts it on @dead, and ztnet_peer_bury() finishes
 * every peer on @dead.  Until then it takes no new work.
 */
void ztnet_peer_kill(struct ztnet_peer *peer, struct list_head *dead)
{
	if (WARN_ON(peer->dead))
		return;
	ztnet_peer_make_dead(peer);
	list_add_tail(&peer->peer_list, dead);
}

void ztnet_peer_bury(struct ztnet_device *zt, struct list_head *dead)
{
	lockdep_assert_held(&zt->update_lock);
	if (list_empty(dead))
		return;
	synchronize_net();
	ztnet_peers_finish(zt, dead);
}

void ztnet_peer_kill_all(struct ztnet_device *zt, struct list_head *dead)
{
	struct ztnet_peer *peer, *next;

	lockdep_assert_held(&zt->update_lock);
	list_for_each_entry_safe(peer, next, &zt->peer_list, peer_list)
		ztnet_peer_kill(peer, dead);
}

void ztnet_peer_remove_all(struct ztnet_device *zt)
{
	LIST_HEAD(dead);

	ztnet_peer_kill_all(zt, &dead);
	ztnet_peer_bury(zt, &dead);
}
