// SPDX-License-Identifier: GPL-2.0
/*
 * Planning a configuration change, so that applying it cannot fail half
 * way (config.c).  The requests are read twice before anything changes:
 * once to count their peers and allowed IPs, once to play the change on
 * the set of public keys and learn how many peers it creates and how many
 * the device will have at most.  Then the peers, the allowed-IPs nodes
 * and the sockets of a new port are reserved.  Any failure here leaves
 * the device as it was.
 */

#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "device.h"
#include "peer.h"
#include "plan.h"
#include "nlpolicy.h"
#include "txn.h"
#include "validate.h"

int ztnet_plan_for_each(struct ztnet_plan *plan, ztnet_attrs_fn fn, void *arg)
{
	int err = ztnet_txn_for_each(plan->txn, fn, arg);

	return err ?: fn(plan->last, arg);
}

/* Calls @fn on each peer element of a request, parsed. */
static int ztnet_plan_walk_peers(struct nlattr **attrs, ztnet_attrs_fn fn,
				 void *arg)
{
	struct nlattr *tb[ZTPEER_A_MAX + 1], *peer;
	int err, rem;

	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem) {
		err = nla_parse_nested(tb, ZTPEER_A_MAX, peer,
				       ztnet_peer_policy, NULL);
		if (WARN_ON_ONCE(err))
			return err;
		err = fn(tb, arg);
		if (err)
			return err;
	}
	return 0;
}

static int ztnet_count_peer(struct nlattr **tb, void *arg)
{
	struct ztnet_plan *plan = arg;
	struct nlattr *ip;
	int rem;

	plan->peer_elements++;
	if (!tb[ZTPEER_A_ALLOWEDIPS])
		return 0;
	/* Removals too: a bound on the inserts is all the nodes need. */
	nla_for_each_nested(ip, tb[ZTPEER_A_ALLOWEDIPS], rem)
		plan->allowedips++;
	return 0;
}

static int ztnet_count_request(struct nlattr **attrs, void *arg)
{
	struct ztnet_plan *plan = arg;

	if (attrs[ZTDEVICE_A_LISTEN_PORT]) {
		plan->has_port = true;
		plan->port = nla_get_u16(attrs[ZTDEVICE_A_LISTEN_PORT]);
	}
	if (attrs[ZTDEVICE_A_PRIVATE_KEY])
		plan->key_changes++;
	return ztnet_plan_walk_peers(attrs, ztnet_count_peer, plan);
}

/*
 * The public keys a change names, each with whether the device has that
 * peer at this point of the change.  Open addressing over a table twice
 * the size of the change; the keys point into the requests.
 */
struct ztnet_key_state {
	const u8 *key;
	/* The number of peer replacements played when it was last set. */
	u32 generation;
	bool present;
};

struct ztnet_keyset {
	struct ztnet_plan *plan;
	struct ztnet_key_state *slots;
	u32 mask;
	u32 seed;
	u32 generation;
	long peers;
	long peak;
};

static struct ztnet_key_state *ztnet_keyset_slot(struct ztnet_keyset *set,
						 const u8 *key)
{
	u32 i = jhash(key, ZTNET_KEY_LEN, set->seed);
	struct ztnet_key_state *slot;

	for (;; i++) {
		slot = &set->slots[i & set->mask];
		if (!slot->key || !memcmp(slot->key, key, ZTNET_KEY_LEN))
			return slot;
	}
}

/* Whether the device has the peer at this point of the change. */
static bool ztnet_keyset_present(struct ztnet_keyset *set,
				 struct ztnet_key_state *slot, const u8 *key)
{
	struct ztnet_peer *peer;

	if (slot->key)
		return slot->generation == set->generation && slot->present;
	/* Every peer the device had went with a replacement. */
	if (set->generation)
		return false;
	peer = ztnet_peer_index_lookup(&set->plan->zt->peer_index, key);
	if (!peer)
		return false;
	ztnet_peer_put(peer);
	return true;
}

static int ztnet_play_peer(struct nlattr **tb, void *arg)
{
	u8 *key = nla_data(tb[ZTPEER_A_PUBLIC_KEY]);
	u32 flags = ztnet_peer_flags(tb);
	struct ztnet_keyset *set = arg;
	struct ztnet_key_state *slot = ztnet_keyset_slot(set, key);
	bool present = ztnet_keyset_present(set, slot, key);

	if (flags & ZTPEER_F_REMOVE_ME) {
		set->peers -= present;
		present = false;
	} else if (!present && !(flags & ZTPEER_F_UPDATE_ONLY)) {
		set->peers++;
		set->plan->peers_created++;
		present = true;
	}
	set->peak = max(set->peak, set->peers);
	slot->key = key;
	slot->generation = set->generation;
	slot->present = present;
	return 0;
}

static int ztnet_play_request(struct nlattr **attrs, void *arg)
{
	u32 flags = attrs[ZTDEVICE_A_FLAGS] ? nla_get_u32(attrs[ZTDEVICE_A_FLAGS]) : 0;
	struct ztnet_keyset *set = arg;

	if (flags & ZTDEVICE_F_REPLACE_PEERS) {
		set->generation++;
		set->peers = 0;
	}
	return ztnet_plan_walk_peers(attrs, ztnet_play_peer, set);
}

/* Plays the change on the keys: how many peers it makes, and the most. */
static int ztnet_plan_peers(struct ztnet_plan *plan)
{
	struct ztnet_keyset set = {
		.plan = plan,
		.seed = get_random_u32(),
		.peers = plan->zt->num_peers,
		.peak = plan->zt->num_peers,
	};
	unsigned long size;
	int err;

	/*
	 * Each key change costs a Curve25519 operation per peer, under RTNL:
	 * a change may not hide many behind one commit.
	 */
	if (plan->key_changes > ZTNET_MAX_KEY_CHANGES)
		return -E2BIG;
	if (!plan->peer_elements)
		return 0;
	size = roundup_pow_of_two(max(16UL, plan->peer_elements * 2));
	set.slots = kvcalloc(size, sizeof(*set.slots), GFP_KERNEL_ACCOUNT);
	if (!set.slots)
		return -ENOMEM;
	set.mask = size - 1;
	err = ztnet_plan_for_each(plan, ztnet_play_request, &set);
	kvfree(set.slots);
	if (!err && (set.peak > ZTNET_MAX_PEERS ||
		     plan->peers_created > ZTNET_MAX_PEERS))
		err = -ENOSPC;
	return err;
}

/*
 * A new private key removes the peer that has its public key, which the
 * play above does not know of: a later request may make that peer again.
 * Each key change can cost one more peer, and no more than the change
 * names peers.
 */
static int ztnet_plan_reserve_peers(struct ztnet_plan *plan)
{
	unsigned long i, count = plan->peers_created +
		min(plan->key_changes, plan->peer_elements);
	struct ztnet_peer *peer;

	for (i = 0; i < count; i++) {
		peer = ztnet_peer_alloc();
		if (!peer)
			return -ENOMEM;
		list_add(&peer->peer_list, &plan->spare_peers);
		cond_resched();
	}
	return 0;
}

/* A port change is bound first, so that a port in use changes nothing. */
static int ztnet_plan_reserve_port(struct ztnet_plan *plan)
{
	struct ztnet_device *zt = plan->zt;

	if (!plan->has_port || !netif_running(zt->dev) ||
	    (plan->port && plan->port == zt->incoming_port))
		return 0;
	return ztnet_socket_open(zt, plan->port, &plan->sockets);
}

void ztnet_plan_init(struct ztnet_plan *plan, struct ztnet_device *zt,
		     struct ztnet_txn *txn, struct nlattr **last)
{
	memset(plan, 0, sizeof(*plan));
	plan->zt = zt;
	plan->txn = txn;
	plan->last = last;
	INIT_LIST_HEAD(&plan->spare_peers);
	INIT_LIST_HEAD(&plan->dead_peers);
}

/*
 * The policy was built before, without RTNL (config.c): what is left is
 * quick, but for a port to bind and the lockdown's hooks to register,
 * which need RTNL and come last, as nothing can fail after them.
 */
int ztnet_plan_prepare(struct ztnet_plan *plan, struct netlink_ext_ack *extack)
{
	struct ztnet_device *zt = plan->zt;
	int err;

	lockdep_assert_held(&zt->update_lock);
	err = ztnet_plan_for_each(plan, ztnet_count_request, plan);
	if (!err)
		err = ztnet_plan_peers(plan);
	if (!err)
		err = ztnet_allowedips_reserve(&zt->allowedips, plan->allowedips);
	if (!err)
		err = ztnet_plan_reserve_peers(plan);
	if (!err)
		err = ztnet_plan_reserve_port(plan);
	if (!err)
		err = ztnet_polconf_hook(zt, &plan->policy, extack);
	if (err)
		ztnet_plan_release(plan);
	return err;
}

/* A peer the plan reserved; the plan counted exactly how many it needs. */
struct ztnet_peer *ztnet_plan_take_peer(struct ztnet_plan *plan)
{
	struct ztnet_peer *peer;

	peer = list_first_entry_or_null(&plan->spare_peers, struct ztnet_peer,
					peer_list);
	if (WARN_ON_ONCE(!peer))
		return NULL;
	list_del_init(&peer->peer_list);
	return peer;
}

/* Frees whatever the change did not use. */
void ztnet_plan_release(struct ztnet_plan *plan)
{
	struct ztnet_peer *peer, *next;

	list_for_each_entry_safe(peer, next, &plan->spare_peers, peer_list)
		ztnet_peer_free_unused(peer);
	INIT_LIST_HEAD(&plan->spare_peers);
	ztnet_allowedips_unreserve(&plan->zt->allowedips);
	ztnet_socket_close_unused(&plan->sockets);
}
