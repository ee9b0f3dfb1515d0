/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device's microsegment policy: its mode, its defaults, its compiled
 * rules, its group names and which peer is in which group, its limits and
 * its protected services.  It is built whole at commit, from the device's
 * configuration, and is immutable afterwards: the data path reads the one
 * in force under RCU, and a commit replaces it with one pointer, so that a
 * packet sees either the old policy or the new one, never a mix.
 *
 * Membership is kept here, by public key, and not in the peers, for that
 * reason: the rules, the groups they name and the groups each peer is in
 * change together.
 */
#ifndef _ZTNET_POLICY_H
#define _ZTNET_POLICY_H

#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "rules.h"
#include "uapi/ztnet.h"

struct ztnet_device;

/* A peer's groups under one policy, sorted, as the rules name them. */
struct ztnet_groups {
	u32 len;
	u16 ids[];
};

/* One rule's counters, per CPU. */
struct ztnet_rule_stats {
	u64 packets;
	u64 bytes;
	u64 flows;
};

struct ztnet_policy {
	u8 mode;			/* enum ztpolicy_mode */
	u8 default_action[__ZTRULE_DIR_LAST];	/* enum ztrule_action */
	u64 generation;
	u32 max_flows;
	u32 max_peer_flows;
	u32 timeout_sec[__ZTTIMEOUT_A_LAST];	/* by enum ztflow_timeout */

	/* The compiled rules; NULL when there are none. */
	struct ztnet_ruleset *rules;
	u32 rules_len;
	/* Each rule's number (uapi ZTRULE_A_NUMBER) by its place in rules. */
	const u32 *rule_numbers;
	/* Each rule's name, or NULL, by its place. */
	const char *const *rule_names;
	/*
	 * Counted by the data path, by place (ztnet_policy_rule_counters);
	 * they follow a kept rule.  In chunks, as one per-CPU allocation
	 * holds at most 32 KiB.
	 */
	struct ztnet_rule_stats __percpu **rule_stats;

	/* Protected local services, sorted: proto << 16 | port. */
	const u32 *protect;
	u32 protect_len;

	/* The rest is policy.c's: group names and membership. */
	void *priv;
	struct rcu_head rcu;
};

/* Rules' counters in one per-CPU chunk. */
#define ZTNET_RULE_STATS_CHUNK	1024

/* The counters of the rule at @place, for this_cpu_ptr().  Any context. */
static inline struct ztnet_rule_stats __percpu *
ztnet_policy_rule_counters(const struct ztnet_policy *policy, u32 place)
{
	return policy->rule_stats[place / ZTNET_RULE_STATS_CHUNK] +
	       place % ZTNET_RULE_STATS_CHUNK;
}

/* The policy in force, or NULL for mode off.  Under rcu_read_lock(). */
struct ztnet_policy *ztnet_policy_get(const struct ztnet_device *zt);

/*
 * The groups of the peer with @key under @policy; an empty set if it is in
 * none.  Never NULL.  Any context, under the RCU read lock that found the
 * policy.
 */
const struct ztnet_groups *ztnet_policy_groups(const struct ztnet_policy *policy,
					       const u8 key[ZTNET_KEY_LEN]);

/* A group's name by its id, for events and dumps; NULL if unknown. */
const char *ztnet_policy_group_name(const struct ztnet_policy *policy, u16 id);

/* Whether proto/port is a protected local service.  Any context. */
bool ztnet_policy_protects(const struct ztnet_policy *policy, u8 proto,
			   u16 port);

/*
 * Judges a new flow: fills *rule with the deciding rule's place in
 * policy->rules, or ZTNET_RULE_NONE for the default, and returns the
 * action (enum ztrule_action).  pkt->key, groups and groups_len are set
 * here from @key.  Any context.
 */
u8 ztnet_policy_judge(const struct ztnet_policy *policy,
		      struct ztnet_rule_pkt *pkt, const u8 key[ZTNET_KEY_LEN],
		      u32 *rule);

struct ztnet_policy_conf;

/*
 * For the configuration path (polconf.c): builds the object of a
 * configured policy, which may sleep and fail with -ENOMEM, -E2BIG or
 * -ENOSPC; gives the rules it keeps the counters they have in the policy
 * in force; frees one nobody reads any more; sums a rule's counters.
 */
struct ztnet_policy *ztnet_policy_build(struct ztnet_policy_conf *conf);
void ztnet_policy_carry_stats(struct ztnet_policy *policy,
			      const struct ztnet_policy *old);
void ztnet_policy_free(struct ztnet_policy *policy);
void ztnet_policy_rule_stats_sum(const struct ztnet_policy *policy, u32 place,
				 struct ztnet_rule_stats *sum);

#endif /* _ZTNET_POLICY_H */
