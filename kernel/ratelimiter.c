// SPDX-License-Identifier: GPL-2.0
/*
 * A token bucket per source of handshake messages.  It is consulted only
 * once a sender has proved with mac2 that it receives at its address, so a
 * source here is an address that cannot be forged from elsewhere.  IPv6
 * hosts usually own a whole /64, so the /64 is what counts as one source.
 */

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "messages.h"
#include "ratelimiter.h"

/*
 * Tokens are nanoseconds of credit: a packet costs one interval between
 * allowed initiations, and a bucket holds a burst's worth.
 */
#define ZTNET_RL_PACKET_COST	(NSEC_PER_SEC / ZTNET_INITIATIONS_PER_SECOND)
#define ZTNET_RL_BURST		5
#define ZTNET_RL_CAPACITY	(ZTNET_RL_PACKET_COST * ZTNET_RL_BURST)
/* An entry idle this long has refilled, so forgetting it changes nothing. */
#define ZTNET_RL_IDLE_NS	NSEC_PER_SEC
#define ZTNET_RL_GC_INTERVAL	HZ
#define ZTNET_RL_MIN_ENTRIES	8192

struct ztnet_rl_key {
	/* Compared, never dereferenced: no reference is held. */
	const struct net *net;
	u64 addr;
	bool v6;
};

struct ztnet_rl_entry {
	struct ztnet_rl_key key;
	/* Guards tokens and last_ns; gc reads last_ns without it. */
	spinlock_t lock;
	u64 tokens;
	u64 last_ns;
	struct hlist_node node;
	struct rcu_head rcu;
};

/*
 * One table for all devices.  The hash is keyed with a secret so that a
 * sender cannot aim its addresses at one bucket.
 */
static struct {
	struct hlist_head *buckets;
	unsigned int mask;
	/* Guards the chains and count; readers walk chains under RCU. */
	spinlock_t lock;
	unsigned int count;
	unsigned int max_count;
	siphash_key_t key;
	struct delayed_work gc;
} ztnet_rl;

static DEFINE_MUTEX(ztnet_rl_init_lock);
static unsigned int ztnet_rl_users;

static bool ztnet_rl_key_of(struct ztnet_rl_key *key, struct sk_buff *skb,
			    struct net *net)
{
	memset(key, 0, sizeof(*key));
	key->net = net;
	if (skb->protocol == htons(ETH_P_IP)) {
		key->addr = (__force u32)ip_hdr(skb)->saddr;
		return true;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		/* Only the /64 prefix: the rest is the host's to choose. */
		memcpy(&key->addr, &ipv6_hdr(skb)->saddr, sizeof(key->addr));
		key->v6 = true;
		return true;
	}
	return false;
}

static struct hlist_head *ztnet_rl_bucket(const struct ztnet_rl_key *key)
{
	u64 hash = siphash_3u64((unsigned long)key->net, key->addr, key->v6,
				&ztnet_rl.key);

	return &ztnet_rl.buckets[hash & ztnet_rl.mask];
}

static bool ztnet_rl_key_eq(const struct ztnet_rl_key *a,
			    const struct ztnet_rl_key *b)
{
	return a->net == b->net && a->addr == b->addr && a->v6 == b->v6;
}

/* Called under RCU or with the table lock held. */
static struct ztnet_rl_entry *ztnet_rl_find(struct hlist_head *bucket,
					    const struct ztnet_rl_key *key)
{
	struct ztnet_rl_entry *entry;

	hlist_for_each_entry_rcu(entry, bucket, node,
				 lockdep_is_held(&ztnet_rl.lock)) {
		if (ztnet_rl_key_eq(&entry->key, key))
			return entry;
	}
	return NULL;
}

/*
 * The refill for the time since @last_ns.  A clock read before another
 * CPU's later update is behind @last_ns: no time has passed for it, where
 * the difference would wrap to a full bucket.
 */
static u64 ztnet_rl_refill(u64 tokens, u64 last_ns, u64 now)
{
	return tokens + (now > last_ns ? now - last_ns : 0);
}

/*
 * Bottom halves are off: every caller is under rcu_read_lock_bh().  The
 * clock is read under the entry's lock, so that each update sees a time
 * no earlier than the one before it.
 */
static bool ztnet_rl_take_token(struct ztnet_rl_entry *entry)
{
	bool allowed;
	u64 tokens, now;

	spin_lock(&entry->lock);
	now = ktime_get_coarse_boottime_ns();
	tokens = ztnet_rl_refill(entry->tokens, entry->last_ns, now);
	tokens = min_t(u64, tokens, ZTNET_RL_CAPACITY);
	allowed = tokens >= ZTNET_RL_PACKET_COST;
	if (allowed)
		tokens -= ZTNET_RL_PACKET_COST;
	entry->tokens = tokens;
	WRITE_ONCE(entry->last_ns, now);
	spin_unlock(&entry->lock);
	return allowed;
}

static struct ztnet_rl_entry *ztnet_rl_entry_new(const struct ztnet_rl_key *key)
{
	struct ztnet_rl_entry *entry = kzalloc(sizeof(*entry), GFP_ATOMIC);

	if (!entry)
		return NULL;
	entry->key = *key;
	spin_lock_init(&entry->lock);
	/* The packet that creates the entry pays for itself. */
	entry->tokens = ZTNET_RL_CAPACITY - ZTNET_RL_PACKET_COST;
	entry->last_ns = ktime_get_coarse_boottime_ns();
	return entry;
}

/*
 * A source not seen recently.  Two CPUs may miss it at once, so the chain
 * is searched again under the lock and only one entry is ever published.
 */
static bool ztnet_rl_insert(struct hlist_head *bucket,
			    const struct ztnet_rl_key *key)
{
	struct ztnet_rl_entry *entry, *fresh;
	bool allowed;

	fresh = ztnet_rl_entry_new(key);
	if (!fresh)
		return false;

	spin_lock(&ztnet_rl.lock);
	entry = ztnet_rl_find(bucket, key);
	if (entry) {
		spin_unlock(&ztnet_rl.lock);
		kfree(fresh);
		return ztnet_rl_take_token(entry);
	}
	/* Full means under attack from many sources: refusing is safer. */
	allowed = ztnet_rl.count < ztnet_rl.max_count;
	if (allowed) {
		hlist_add_head_rcu(&fresh->node, bucket);
		ztnet_rl.count++;
	}
	spin_unlock(&ztnet_rl.lock);
	if (!allowed)
		kfree(fresh);
	return allowed;
}

bool ztnet_ratelimiter_allow(struct sk_buff *skb, struct net *net)
{
	struct ztnet_rl_entry *entry;
	struct hlist_head *bucket;
	struct ztnet_rl_key key;
	bool allowed;

	if (!ztnet_rl_key_of(&key, skb, net))
		return false;

	rcu_read_lock_bh();
	bucket = ztnet_rl_bucket(&key);
	entry = ztnet_rl_find(bucket, &key);
	if (entry)
		allowed = ztnet_rl_take_token(entry);
	else
		allowed = ztnet_rl_insert(bucket, &key);
	rcu_read_unlock_bh();
	return allowed;
}

/*
 * The table lock is taken per chain rather than for the whole sweep, so
 * that packets are never held up behind the collector for long.
 */
static void ztnet_rl_sweep_bucket(struct hlist_head *bucket, u64 now,
				  bool everything)
{
	struct ztnet_rl_entry *entry;
	struct hlist_node *next;

	spin_lock_bh(&ztnet_rl.lock);
	hlist_for_each_entry_safe(entry, next, bucket, node) {
		if (!everything &&
		    READ_ONCE(entry->last_ns) + ZTNET_RL_IDLE_NS > now)
			continue;
		hlist_del_rcu(&entry->node);
		ztnet_rl.count--;
		kfree_rcu(entry, rcu);
	}
	spin_unlock_bh(&ztnet_rl.lock);
}

static void ztnet_rl_sweep(bool everything)
{
	u64 now = ktime_get_coarse_boottime_ns();
	unsigned int i;

	for (i = 0; i <= ztnet_rl.mask; i++) {
		ztnet_rl_sweep_bucket(&ztnet_rl.buckets[i], now, everything);
		cond_resched();
	}
}

static void ztnet_rl_gc(struct work_struct *work)
{
	ztnet_rl_sweep(false);
	queue_delayed_work(system_power_efficient_wq, &ztnet_rl.gc,
			   ZTNET_RL_GC_INTERVAL);
}

/*
 * About one chain per 128 KiB of memory, up to 8192 chains, and at most
 * eight entries a chain on average, so a flood of sources costs a bounded
 * share of a small machine's memory.
 */
static void ztnet_rl_size(void)
{
	unsigned long chains = totalram_pages() >> (17 - PAGE_SHIFT);

	chains = roundup_pow_of_two(clamp(chains, 16UL, 8192UL));
	ztnet_rl.mask = chains - 1;
	ztnet_rl.max_count = max_t(unsigned int, ZTNET_RL_MIN_ENTRIES,
				   chains * 8);
}

static int ztnet_rl_create(void)
{
	ztnet_rl_size();
	ztnet_rl.buckets = kvcalloc(ztnet_rl.mask + 1,
				    sizeof(*ztnet_rl.buckets), GFP_KERNEL);
	if (!ztnet_rl.buckets)
		return -ENOMEM;
	spin_lock_init(&ztnet_rl.lock);
	ztnet_rl.count = 0;
	get_random_bytes(&ztnet_rl.key, sizeof(ztnet_rl.key));
	INIT_DELAYED_WORK(&ztnet_rl.gc, ztnet_rl_gc);
	queue_delayed_work(system_power_efficient_wq, &ztnet_rl.gc,
			   ZTNET_RL_GC_INTERVAL);
	return 0;
}

static void ztnet_rl_destroy(void)
{
	cancel_delayed_work_sync(&ztnet_rl.gc);
	ztnet_rl_sweep(true);
	/* A reader may still be walking a chain it found before the sweep. */
	synchronize_rcu();
	kvfree(ztnet_rl.buckets);
	ztnet_rl.buckets = NULL;
	memzero_explicit(&ztnet_rl.key, sizeof(ztnet_rl.key));
}

int ztnet_ratelimiter_init(void)
{
	int err = 0;

	mutex_lock(&ztnet_rl_init_lock);
	if (!ztnet_rl_users)
		err = ztnet_rl_create();
	if (!err)
		ztnet_rl_users++;
	mutex_unlock(&ztnet_rl_init_lock);
	return err;
}

void ztnet_ratelimiter_uninit(void)
{
	mutex_lock(&ztnet_rl_init_lock);
	if (!WARN_ON_ONCE(!ztnet_rl_users) && !--ztnet_rl_users)
		ztnet_rl_destroy();
	mutex_unlock(&ztnet_rl_init_lock);
}
