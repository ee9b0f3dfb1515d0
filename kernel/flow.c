// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table (see flow.h).  A flow is counted against the device and
 * its peer before it is hashed, and uncounted as it is unlinked, so the
 * caps bound the memory whatever the order of races.  Unlinking is claimed
 * with one bit: a lookup that finds a flow expired, a revocation, the
 * expiry work and a peer that goes may all try, and one does it.
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "debug.h"
#include "device.h"
#include "firewall.h"
#include "flow.h"
#include "flowstate.h"
#include "peer.h"
#include "policy.h"

/* Flows the expiry work looks at per run: a bounded slice of the table. */
#define ZTNET_FLOW_EXPIRE_BUDGET	1024
/*
 * The device count is per CPU, read without summing: the cap may be
 * passed by at most this many flows per CPU, which keeps new flows off a
 * line that every CPU writes.
 */
#define ZTNET_FLOW_COUNT_BATCH		16
/*
 * A new flow over a cap first looks at this many of its peer's flows for
 * expired ones, and takes out at most the second number of them.
 */
#define ZTNET_FLOW_REAP_LOOK		16
#define ZTNET_FLOW_REAP_BUDGET		8

static struct kmem_cache *ztnet_flow_cache;

static const struct rhashtable_params ztnet_flow_params = {
	.head_offset		= offsetof(struct ztnet_flow_node, node),
	.key_offset		= offsetof(struct ztnet_flow_node, key),
	.key_len		= sizeof(struct ztnet_flow_key),
	.automatic_shrinking	= true,
};

int ztnet_flow_module_init(void)
{
	ztnet_flow_cache = KMEM_CACHE(ztnet_flow, 0);
	return ztnet_flow_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no flow is waiting for its grace period. */
void ztnet_flow_module_uninit(void)
{
	kmem_cache_destroy(ztnet_flow_cache);
}

static struct ztnet_flow *ztnet_flow_of(struct ztnet_flow_node *node)
{
	return container_of(node - node->reply, struct ztnet_flow, node[0]);
}

struct ztnet_flow *ztnet_flow_lookup(struct ztnet_flow_table *ft,
				     const struct ztnet_flow_key *key,
				     u8 *reply)
{
	struct ztnet_flow_node *node;

	node = rhashtable_lookup(&ft->table, key, ztnet_flow_params);
	if (!node)
		return NULL;
	*reply = node->reply;
	return ztnet_flow_of(node);
}

static void ztnet_flow_reverse(struct ztnet_flow_key *rev,
			       const struct ztnet_flow_key *key)
{
	*rev = *key;
	rev->src = key->dst;
	rev->dst = key->src;
	rev->sport = key->dport;
	rev->dport = key->sport;
	rev->dir = !key->dir;
	if (key->echo == ZTNET_FLOW_ECHO_REQUEST)
		rev->echo = ZTNET_FLOW_ECHO_REPLY;
	else if (key->echo == ZTNET_FLOW_ECHO_REPLY)
		rev->echo = ZTNET_FLOW_ECHO_REQUEST;
}

/* Counts the flow against both caps; false, counting nothing, if over. */
static bool ztnet_flow_charge(struct ztnet_flow_table *ft,
			      struct ztnet_peer_flows *pf, u32 max_flows,
			      u32 max_peer_flows)
{
	if (atomic_inc_return(&pf->count) > max_peer_flows)
		goto err_peer;
	if (percpu_counter_read_positive(&ft->count) >= max_flows)
		goto err_peer;
	percpu_counter_add_batch(&ft->count, 1, ZTNET_FLOW_COUNT_BATCH);
	return true;

err_peer:
	atomic_dec(&pf->count);
	return false;
}

static void ztnet_flow_uncharge(struct ztnet_flow_table *ft,
				struct ztnet_peer_flows *pf)
{
	atomic_dec(&pf->count);
	percpu_counter_add_batch(&ft->count, -1, ZTNET_FLOW_COUNT_BATCH);
}

/*
 * Up to ZTNET_FLOW_REAP_BUDGET expired flows among the next
 * ZTNET_FLOW_REAP_LOOK of the peer's list, which then turns past those it
 * looked at, so that a peer that stays at its cap has its whole list
 * looked at in turn.  Not claimed: the caller is inside an RCU read
 * section, so they stay readable whoever unlinks them.
 */
static unsigned int ztnet_flow_find_expired(struct ztnet_peer_flows *pf,
					    const struct ztnet_policy *policy,
					    struct ztnet_flow **found)
{
	struct list_head *pos;
	struct ztnet_flow *flow;
	unsigned int n = 0, looked = 0;

	spin_lock_bh(&pf->lock);
	for (pos = pf->list.next; pos != &pf->list; pos = pos->next) {
		if (looked++ == ZTNET_FLOW_REAP_LOOK ||
		    n == ZTNET_FLOW_REAP_BUDGET)
			break;
		flow = list_entry(pos, struct ztnet_flow, peer_node);
		if (ztnet_flow_expired(flow, policy) &&
		    !test_bit(ZTNET_FLOW_UNLINKED, &flow->flags))
			found[n++] = flow;
	}
	if (pos != &pf->list)
		list_rotate_to_front(pos, &pf->list);
	spin_unlock_bh(&pf->lock);
	return n;
}

/*
 * Takes out expired flows of a peer at its cap, as the expiry work would:
 * true if it found any.  A flow the work, a lookup or the peer's removal
 * unlinks first is left to them.  At most once a tick per peer: a peer
 * that floods new flows at its cap takes its list's lock no more often.
 */
static bool ztnet_flow_reap(struct ztnet_flow_table *ft,
			    struct ztnet_peer_flows *pf,
			    const struct ztnet_policy *policy)
{
	struct ztnet_flow *found[ZTNET_FLOW_REAP_BUDGET];
	unsigned long now = jiffies;
	unsigned int n, i;

	if (atomic_read(&pf->count) < policy->max_peer_flows ||
	    READ_ONCE(pf->reaped) == now)
		return false;
	WRITE_ONCE(pf->reaped, now);
	n = ztnet_flow_find_expired(pf, policy, found);

	for (i = 0; i < n; i++)
		ztnet_flow_unlink(ft, found[i]);
	return n > 0;
}

/*
 * A flow over its peer's cap is refused only once that peer's expired
 * flows are out (those among the next it looks at, once a tick).  At the
 * device's cap, expired flows wait for the expiry work: the device's
 * count is read per CPU, so flows taken out would not show at once.
 */
struct ztnet_flow *ztnet_flow_alloc(struct ztnet_flow_table *ft,
				    struct ztnet_peer *peer,
				    const struct ztnet_flow_key *key,
				    bool two_way,
				    const struct ztnet_policy *policy)
{
	struct ztnet_flow *flow;

	if (!ztnet_flow_charge(ft, &peer->flows, policy->max_flows,
			       policy->max_peer_flows) &&
	    (!ztnet_flow_reap(ft, &peer->flows, policy) ||
	     !ztnet_flow_charge(ft, &peer->flows, policy->max_flows,
				policy->max_peer_flows)))
		return ERR_PTR(-ENOSPC);
	flow = kmem_cache_zalloc(ztnet_flow_cache, GFP_ATOMIC);
	if (!flow) {
		ztnet_flow_uncharge(ft, &peer->flows);
		return ERR_PTR(-ENOMEM);
	}
	flow->node[0].key = *key;
	/* A reply node keyed as the original is never hashed. */
	if (two_way)
		ztnet_flow_reverse(&flow->node[1].key, key);
	else
		flow->node[1].key = *key;
	flow->node[1].reply = 1;
	flow->peer = peer;
	refcount_set(&flow->refs, 2);
	INIT_LIST_HEAD(&flow->peer_node);
	flow->state = ZTFLOW_STATE_NEW;
	flow->start = jiffies;
	flow->last_seen = flow->start;
	return flow;
}

static void ztnet_flow_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(ztnet_flow_cache, container_of(rcu, struct ztnet_flow, rcu));
}

/* The last of the table and the inserter frees, after a grace period. */
static void ztnet_flow_put(struct ztnet_flow *flow)
{
	if (refcount_dec_and_test(&flow->refs))
		call_rcu(&flow->rcu, ztnet_flow_free_rcu);
}

static void ztnet_flow_unhash(struct ztnet_flow_table *ft,
			      struct ztnet_flow *flow)
{
	rhashtable_remove_fast(&ft->table, &flow->node[0].node,
			       ztnet_flow_params);
	if (test_bit(ZTNET_FLOW_HASHED_REPLY, &flow->flags))
		rhashtable_remove_fast(&ft->table, &flow->node[1].node,
				       ztnet_flow_params);
}

bool ztnet_flow_claim(struct ztnet_flow *flow)
{
	return !test_and_set_bit(ZTNET_FLOW_UNLINKED, &flow->flags);
}

void ztnet_flow_unlink_claimed(struct ztnet_flow_table *ft,
			       struct ztnet_flow *flow)
{
	struct ztnet_peer_flows *pf = &flow->peer->flows;

	ztnet_flow_unhash(ft, flow);
	/* Still on the peer's list: ztnet_flow_peer_gone() waits for us. */
	if (test_bit(ZTNET_FLOW_LIVE, &flow->flags))
		ztnet_fw_flow_ended(ft->device, flow);
	/*
	 * Once off the list, the peer may go; a flow that never joined it
	 * has a peer freed only after a grace period, and every unlinker is
	 * inside the RCU read section that found the flow.
	 */
	spin_lock_bh(&pf->lock);
	list_del_init(&flow->peer_node);
	atomic_dec(&pf->count);
	spin_unlock_bh(&pf->lock);
	percpu_counter_add_batch(&ft->count, -1, ZTNET_FLOW_COUNT_BATCH);
	ztnet_flow_put(flow);
}

void ztnet_flow_unlink(struct ztnet_flow_table *ft, struct ztnet_flow *flow)
{
	if (ztnet_flow_claim(flow))
		ztnet_flow_unlink_claimed(ft, flow);
}

/*
 * The reply node goes in after the original one is visible, so a racing
 * unlink may have missed it: whoever sees the other's mark removes it.
 */
static int ztnet_flow_hash_reply(struct ztnet_flow_table *ft,
				 struct ztnet_flow *flow)
{
	void *old;

	if (!memcmp(&flow->node[0].key, &flow->node[1].key,
		    sizeof(flow->node[0].key)))
		return 0;
	set_bit(ZTNET_FLOW_HASHED_REPLY, &flow->flags);
	old = rhashtable_lookup_get_insert_fast(&ft->table, &flow->node[1].node,
						ztnet_flow_params);
	if (old) {
		clear_bit(ZTNET_FLOW_HASHED_REPLY, &flow->flags);
		return IS_ERR(old) ? PTR_ERR(old) : -EEXIST;
	}
	/* Pairs with test_and_set_bit() in unlink: one of us sees the other. */
	smp_mb();
	if (test_bit(ZTNET_FLOW_UNLINKED, &flow->flags))
		rhashtable_remove_fast(&ft->table, &flow->node[1].node,
				       ztnet_flow_params);
	return 0;
}

/* Joins the peer's list unless the peer is going or the flow was unlinked. */
static bool ztnet_flow_join_peer(struct ztnet_flow *flow)
{
	struct ztnet_peer_flows *pf = &flow->peer->flows;
	bool ok;

	spin_lock_bh(&pf->lock);
	ok = !pf->closed && !test_bit(ZTNET_FLOW_UNLINKED, &flow->flags);
	if (ok)
		list_add_tail(&flow->peer_node, &pf->list);
	spin_unlock_bh(&pf->lock);
	return ok;
}

/*
 * Makes a flow from ztnet_flow_alloc() visible.  On failure it is freed
 * (or unlinked, after an RCU grace period): the caller is under RCU.
 */
int ztnet_flow_insert(struct ztnet_flow_table *ft, struct ztnet_flow *flow)
{
	void *old;
	int err;

	old = rhashtable_lookup_get_insert_fast(&ft->table, &flow->node[0].node,
						ztnet_flow_params);
	if (old) {
		ztnet_flow_uncharge(ft, &flow->peer->flows);
		kmem_cache_free(ztnet_flow_cache, flow);
		return IS_ERR(old) ? PTR_ERR(old) : -EEXIST;
	}
	err = ztnet_flow_hash_reply(ft, flow);
	if (!err && !ztnet_flow_join_peer(flow))
		err = -ENOENT;
	if (err) {
		ztnet_flow_unlink(ft, flow);
	} else {
		set_bit(ZTNET_FLOW_LIVE, &flow->flags);
		ztnet_flow_kick(ft);
	}
	/* The inserter's reference: the reply node is settled now. */
	ztnet_flow_put(flow);
	return err;
}

/* Lock-free: a lost race redoes the step from the state that won. */
static void ztnet_flow_advance(struct ztnet_flow *flow, u8 reply, u8 tcp_flags)
{
	u32 state = READ_ONCE(flow->state), next;

	for (;;) {
		next = ztnet_flow_next(flow->node[0].key.proto, state, reply,
				       tcp_flags);
		if (next == state)
			return;
		next = cmpxchg(&flow->state, state, next) == state ? next : 0;
		if (next)
			return;
		state = READ_ONCE(flow->state);
	}
}

void ztnet_flow_seen(struct ztnet_flow *flow, u8 reply, unsigned int len,
		     u8 tcp_flags)
{
	unsigned long now = jiffies;

	atomic64_inc(&flow->packets[reply]);
	atomic64_add(len, &flow->bytes[reply]);
	/* Written only when it changes: most packets leave the line clean. */
	if (READ_ONCE(flow->last_seen) != now)
		WRITE_ONCE(flow->last_seen, now);
	ztnet_flow_advance(flow, reply, tcp_flags);
}

unsigned long ztnet_flow_timeout(const struct ztnet_flow *flow,
				 const struct ztnet_policy *policy)
{
	unsigned int kind = ztnet_flow_timeout_kind(flow->node[0].key.proto,
						    READ_ONCE(flow->state));
	unsigned long sec = policy->timeout_sec[kind];

	/* Bounded so that last_seen + timeout cannot wrap past now. */
	return clamp_t(unsigned long, sec, 1, MAX_JIFFY_OFFSET / HZ / 2) * HZ;
}

bool ztnet_flow_expired(const struct ztnet_flow *flow,
			const struct ztnet_policy *policy)
{
	return time_after(jiffies, READ_ONCE(flow->last_seen) +
			  ztnet_flow_timeout(flow, policy));
}

/* Takes the first flow of the list, or NULL when none is left. */
static struct ztnet_flow *ztnet_flow_take_first(struct ztnet_peer_flows *pf)
{
	struct ztnet_flow *flow;

	spin_lock_bh(&pf->lock);
	for (;;) {
		flow = list_first_entry_or_null(&pf->list, struct ztnet_flow,
						peer_node);
		if (!flow || !test_and_set_bit(ZTNET_FLOW_UNLINKED, &flow->flags))
			break;
		/* Another CPU claimed it and is about to take it off the list. */
		spin_unlock_bh(&pf->lock);
		cond_resched();
		spin_lock_bh(&pf->lock);
	}
	if (flow) {
		list_del_init(&flow->peer_node);
		atomic_dec(&pf->count);
	}
	spin_unlock_bh(&pf->lock);
	return flow;
}

void ztnet_flow_peer_gone(struct ztnet_flow_table *ft,
			  struct ztnet_peer_flows *pf)
{
	struct ztnet_flow *flow;

	spin_lock_bh(&pf->lock);
	pf->closed = true;
	spin_unlock_bh(&pf->lock);
	while ((flow = ztnet_flow_take_first(pf))) {
		ztnet_flow_unhash(ft, flow);
		if (test_bit(ZTNET_FLOW_LIVE, &flow->flags))
			ztnet_fw_flow_ended(ft->device, flow);
		percpu_counter_add_batch(&ft->count, -1, ZTNET_FLOW_COUNT_BATCH);
		ztnet_flow_put(flow);
		cond_resched();
	}
}

void ztnet_flow_kick(struct ztnet_flow_table *ft)
{
	if (!delayed_work_pending(&ft->expire_work) && !READ_ONCE(ft->dead))
		queue_delayed_work(system_power_efficient_wq, &ft->expire_work,
				   HZ);
}

u32 ztnet_flow_count(struct ztnet_flow_table *ft)
{
	return percpu_counter_sum_positive(&ft->count);
}

/* The next original node of the walk, or NULL at its end. */
static struct ztnet_flow *ztnet_flow_walk_next(struct rhashtable_iter *iter)
{
	struct ztnet_flow_node *node;

	for (;;) {
		node = rhashtable_walk_next(iter);
		if (IS_ERR(node))
			continue;	/* -EAGAIN: a resize; the walk goes on */
		if (!node || !node->reply)
			return node ? ztnet_flow_of(node) : NULL;
	}
}

/*
 * One slice of the walk; true when it reached the end.  With no policy
 * (mode off) nothing reads the table: it is emptied.
 */
static bool ztnet_flow_expire_some(struct ztnet_flow_table *ft,
				   const struct ztnet_policy *policy)
{
	struct ztnet_flow *flow = NULL;
	unsigned int n;

	if (!ft->iter_open) {
		rhashtable_walk_enter(&ft->table, &ft->iter);
		ft->iter_open = true;
	}
	rhashtable_walk_start(&ft->iter);
	for (n = 0; n < ZTNET_FLOW_EXPIRE_BUDGET; n++) {
		flow = ztnet_flow_walk_next(&ft->iter);
		if (!flow)
			break;
		if (!policy || ztnet_flow_expired(flow, policy))
			ztnet_flow_unlink(ft, flow);
	}
	rhashtable_walk_stop(&ft->iter);
	if (flow)
		return false;
	rhashtable_walk_exit(&ft->iter);
	ft->iter_open = false;
	return true;
}

static void ztnet_flow_expire_work(struct work_struct *work)
{
	struct ztnet_flow_table *ft = container_of(to_delayed_work(work),
						   struct ztnet_flow_table,
						   expire_work);
	bool done;

	if (READ_ONCE(ft->dead))
		return;
	/* A debug build's test holds it, to see the caps without it. */
	if (ztnet_debug_flow_expiry_held()) {
		ztnet_flow_kick(ft);
		return;
	}
	rcu_read_lock();
	done = ztnet_flow_expire_some(ft, ztnet_policy_get(ft->device));
	rcu_read_unlock();
	/*
	 * A table left unfinished is resumed at once, even if a new flow's
	 * kick queued the work a second away meanwhile; an empty one sleeps.
	 * Empty is the exact sum: the per-CPU parts of the count can hold up
	 * to 15 flows each, and flows left by a walk (not yet expired, or
	 * skipped: a walk resumed after its last flow was unlinked misses
	 * the flow after it in the bucket) would then never expire.
	 */
	if (!done)
		mod_delayed_work(system_power_efficient_wq, &ft->expire_work, 1);
	else if (ztnet_flow_count(ft))
		ztnet_flow_kick(ft);
}

int ztnet_flow_table_init(struct ztnet_flow_table *ft, struct ztnet_device *zt)
{
	int err;

	ft->device = zt;
	INIT_DELAYED_WORK(&ft->expire_work, ztnet_flow_expire_work);
	err = percpu_counter_init(&ft->count, 0, GFP_KERNEL);
	if (err)
		return err;
	err = rhashtable_init(&ft->table, &ztnet_flow_params);
	if (err)
		percpu_counter_destroy(&ft->count);
	return err;
}

/* What no peer took with it: none, unless a peer went without saying. */
static void ztnet_flow_free_left(void *ptr, void *arg)
{
	struct ztnet_flow_node *node = ptr;

	WARN_ON_ONCE(1);
	/* Leaked rather than freed twice: its other node may come later. */
	(void)node;
}

/* After the data path stopped and every peer went. */
void ztnet_flow_table_uninit(struct ztnet_flow_table *ft)
{
	WRITE_ONCE(ft->dead, true);
	cancel_delayed_work_sync(&ft->expire_work);
	if (ft->iter_open)
		rhashtable_walk_exit(&ft->iter);
	ft->iter_open = false;
	rhashtable_free_and_destroy(&ft->table, ztnet_flow_free_left, NULL);
	percpu_counter_destroy(&ft->count);
}
