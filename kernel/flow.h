/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firewall's flow table: one per device.  A flow is hashed twice, once
 * per orientation, so that a packet either way finds it with one lookup:
 * the original node holds the first packet's direction and tuple, the
 * reply node the opposite direction and the tuple reversed.  A one-way
 * flow (ICMP other than an echo request) is hashed once.  Readers look
 * up under RCU without a lock; the rhashtable's per-bucket locks serialise
 * writers.  Each flow is also on its peer's list, so that a peer that goes
 * takes its flows with it and no flow outlives the peer it points at.
 */
#ifndef _ZTNET_FLOW_H
#define _ZTNET_FLOW_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/percpu_counter.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>

#include "peerflows.h"

struct ztnet_device;
struct ztnet_peer;
struct ztnet_policy;

/* What a flow is found by; zeroed whole first, so that echo is NO_ECHO. */
struct ztnet_flow_key {
	u64 peer_id;		/* internal_id: never reused, unlike a pointer */
	struct in6_addr src;	/* IPv4 in the first 4 bytes */
	struct in6_addr dst;
	u16 sport;		/* or ICMP echo id, or ICMP type << 8 | code */
	u16 dport;
	u8 dir;			/* enum ztrule_direction */
	u8 family;
	u8 proto;
	u8 echo;		/* enum ztnet_flow_echo: an echo's side */
};

/*
 * Reversing a key swaps an echo's sides, so that a request and its reply
 * never key alike, whatever the id: the ports alone do for id 0.
 */
enum ztnet_flow_echo {
	ZTNET_FLOW_NO_ECHO,
	ZTNET_FLOW_ECHO_REQUEST,
	ZTNET_FLOW_ECHO_REPLY,
};

struct ztnet_flow_node {
	struct rhash_head node;
	struct ztnet_flow_key key;
	u8 reply;		/* which orientation: 0 original, 1 reply */
};

enum ztnet_flow_bit {
	ZTNET_FLOW_UNLINKED,	/* whoever sets it takes the flow out */
	ZTNET_FLOW_HASHED_REPLY,	/* the reply node is in the table */
	ZTNET_FLOW_LIVE,	/* inserted whole: its end is an event */
};

struct ztnet_flow {
	struct ztnet_flow_node node[2];
	/* Not a reference: ztnet_fw_peer_gone() unlinks us first. */
	struct ztnet_peer *peer;
	struct list_head peer_node;
	unsigned long flags;		/* enum ztnet_flow_bit */
	u32 state;			/* enum ztflow_state */
	unsigned long last_seen;	/* jiffies */
	unsigned long start;		/* jiffies */
	u64 generation;			/* of the policy that judged it */
	u32 rule;			/* its place in that policy's rules */
	u8 icmp_type, icmp_code;	/* of the first packet */
	bool would_deny;		/* audit: enforce would have dropped it */
	/*
	 * The table's and, while ztnet_flow_insert() runs, the inserter's:
	 * an unlink during the insert must not start the grace period
	 * before the inserter has taken its reply node out again.
	 */
	refcount_t refs;
	atomic64_t packets[2];		/* by orientation */
	atomic64_t bytes[2];
	struct rcu_head rcu;
};

struct ztnet_flow_table {
	struct rhashtable table;
	struct percpu_counter count;
	struct ztnet_device *device;
	/* Expiry, a bounded slice per run, resumed where the last stopped. */
	struct delayed_work expire_work;
	struct rhashtable_iter iter;
	bool iter_open;
	bool dead;
};

int ztnet_flow_module_init(void);
void ztnet_flow_module_uninit(void);

int ztnet_flow_table_init(struct ztnet_flow_table *ft, struct ztnet_device *zt);
void ztnet_flow_table_uninit(struct ztnet_flow_table *ft);

/* The flow and the orientation @key has in it, or NULL; under RCU. */
struct ztnet_flow *ztnet_flow_lookup(struct ztnet_flow_table *ft,
				     const struct ztnet_flow_key *key,
				     u8 *reply);

/*
 * A new flow for @key, counted against both caps of @policy but not yet
 * visible, for the caller to fill; an ERR_PTR: -ENOSPC over a cap, or
 * -ENOMEM.  Over a cap, it first takes out some of the peer's expired
 * flows.  A flow that is not @two_way is found only by @key: nothing the
 * other way is its reply.  Under RCU.
 */
struct ztnet_flow *ztnet_flow_alloc(struct ztnet_flow_table *ft,
				    struct ztnet_peer *peer,
				    const struct ztnet_flow_key *key,
				    bool two_way,
				    const struct ztnet_policy *policy);

/*
 * Hashes the flow, both ways if it is two-way, and puts it on its peer's
 * list: 0, or -EEXIST if another CPU hashed the same tuple first, -ENOENT
 * if the peer is going, -ENOMEM; the flow is then gone.  Under RCU.
 */
int ztnet_flow_insert(struct ztnet_flow_table *ft, struct ztnet_flow *flow);

/* Takes the flow out of every index, once; freed after a grace period. */
void ztnet_flow_unlink(struct ztnet_flow_table *ft, struct ztnet_flow *flow);

/*
 * The same in two steps, for a caller that reports why the flow goes:
 * true for the one caller that may then unlink it, and should report.
 */
bool ztnet_flow_claim(struct ztnet_flow *flow);
void ztnet_flow_unlink_claimed(struct ztnet_flow_table *ft,
			       struct ztnet_flow *flow);

/* Counts a packet and moves the TCP state on; tcp_flags 0 if not TCP. */
void ztnet_flow_seen(struct ztnet_flow *flow, u8 reply, unsigned int len,
		     u8 tcp_flags);

/* Idle time after which the flow expires, in jiffies. */
unsigned long ztnet_flow_timeout(const struct ztnet_flow *flow,
				 const struct ztnet_policy *policy);
bool ztnet_flow_expired(const struct ztnet_flow *flow,
			const struct ztnet_policy *policy);

/* Every flow of the peer, unlinked; process context. */
void ztnet_flow_peer_gone(struct ztnet_flow_table *ft,
			  struct ztnet_peer_flows *pf);

/* Starts the expiry work if it is not pending. */
void ztnet_flow_kick(struct ztnet_flow_table *ft);

u32 ztnet_flow_count(struct ztnet_flow_table *ft);

#endif /* _ZTNET_FLOW_H */
