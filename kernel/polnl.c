// SPDX-License-Identifier: GPL-2.0
/*
 * Dumping the policy (polnl.h).  Rules and group lists go out as the
 * attributes they came in, which polconf.c keeps: what a tool wrote, it
 * reads back, byte for byte.  The counters come from the object in force
 * (none in mode off), whose rules are in the configuration's order.
 */

#include <net/netlink.h>

#include "device.h"
#include "firewall.h"
#include "polconf.h"
#include "policy.h"
#include "polnl.h"

/* Copies attributes, already padded, into the message. */
static int ztnet_put_raw(struct sk_buff *skb, const void *data, int len)
{
	if (skb_tailroom(skb) < len)
		return -EMSGSIZE;
	skb_put_data(skb, data, len);
	return 0;
}

static int ztnet_put_timeouts(struct sk_buff *skb, const struct ztnet_policy_conf *conf)
{
	struct nlattr *nest = nla_nest_start(skb, ZTPOLICY_A_TIMEOUTS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = ZTTIMEOUT_A_UNSPEC + 1; i <= ZTTIMEOUT_A_MAX; i++)
		if (nla_put_u32(skb, i, conf->timeout_sec[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ztnet_put_protect(struct sk_buff *skb, const struct ztnet_policy_conf *conf)
{
	struct nlattr *nest = nla_nest_start(skb, ZTPOLICY_A_PROTECT);
	u32 i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < conf->protect_len; i++)
		if (nla_put_u32(skb, 0, conf->protect[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ztnet_put_scalars(struct sk_buff *skb, const struct ztnet_policy_conf *conf)
{
	if (nla_put_u8(skb, ZTPOLICY_A_MODE, conf->mode) ||
	    nla_put_u8(skb, ZTPOLICY_A_DEFAULT_IN, conf->default_action[ZTRULE_DIR_IN]) ||
	    nla_put_u8(skb, ZTPOLICY_A_DEFAULT_OUT, conf->default_action[ZTRULE_DIR_OUT]) ||
	    nla_put_u32(skb, ZTPOLICY_A_MAX_FLOWS, conf->max_flows) ||
	    nla_put_u32(skb, ZTPOLICY_A_MAX_PEER_FLOWS, conf->max_peer_flows) ||
	    nla_put_u64_64bit(skb, ZTPOLICY_A_GENERATION, conf->generation, 0) ||
	    nla_put_u32(skb, ZTPOLICY_A_GROUPS, conf->groups_len) ||
	    nla_put_u64_64bit(skb, ZTPOLICY_A_MEMORY, conf->memory, 0))
		return -EMSGSIZE;
	return 0;
}

/* Drops by reason, each an NLA_U64 whose type is the reason. */
static int ztnet_put_drops(struct sk_buff *skb, int type,
			   const u64 counts[__ZTDROP_LAST])
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int reason;

	if (!nest)
		return -EMSGSIZE;
	for (reason = ZTDROP_UNSPEC + 1; reason <= ZTDROP_MAX; reason++)
		if (nla_put_u64_64bit(skb, reason, counts[reason], ZTDROP_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* What the data path counted: drops, would-drops and flows in use. */
static int ztnet_put_counters(struct sk_buff *skb, struct ztnet_device *zt)
{
	u64 dropped[__ZTDROP_LAST], would_drop[__ZTDROP_LAST];

	ztnet_fw_stats_sum(zt, dropped, would_drop);
	if (ztnet_put_drops(skb, ZTPOLICY_A_DROPS, dropped) ||
	    ztnet_put_drops(skb, ZTPOLICY_A_WOULD_DROP, would_drop) ||
	    nla_put_u32(skb, ZTPOLICY_A_FLOWS, ztnet_fw_flow_count(zt)))
		return -EMSGSIZE;
	return 0;
}

int ztnet_polnl_put_settings(struct sk_buff *skb, struct ztnet_device *zt)
{
	const struct ztnet_policy_conf *conf = ztnet_polconf_get(zt);
	struct nlattr *nest = nla_nest_start(skb, ZTDEVICE_A_POLICY);
	int err;

	if (!nest)
		return -EMSGSIZE;
	err = ztnet_put_scalars(skb, conf);
	if (!err)
		err = ztnet_put_timeouts(skb, conf);
	if (!err)
		err = ztnet_put_protect(skb, conf);
	if (!err)
		err = ztnet_put_counters(skb, zt);
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ztnet_polnl_put_groups(struct sk_buff *skb, struct ztnet_device *zt,
			   const u8 key[ZTNET_KEY_LEN])
{
	const struct ztnet_pblob *groups;

	groups = ztnet_polconf_groups(ztnet_polconf_get(zt), key);
	return groups ? ztnet_put_raw(skb, groups->data, groups->len) : 0;
}

static int ztnet_put_rule(struct sk_buff *skb, const struct ztnet_prule *rule,
			  const struct ztnet_policy *policy, u32 place)
{
	const struct nlattr *attrs = ztnet_pblob_rule(rule->blob);
	struct nlattr *nest = nla_nest_start(skb, 0);
	struct ztnet_rule_stats stats;

	if (!nest)
		return -EMSGSIZE;
	ztnet_policy_rule_stats_sum(policy, place, &stats);
	if (ztnet_put_raw(skb, nla_data(attrs), nla_len(attrs)) ||
	    nla_put_u32(skb, ZTRULE_A_NUMBER, rule->number) ||
	    nla_put_u64_64bit(skb, ZTRULE_A_PACKETS, stats.packets, 0) ||
	    nla_put_u64_64bit(skb, ZTRULE_A_BYTES, stats.bytes, 0) ||
	    nla_put_u64_64bit(skb, ZTRULE_A_FLOWS, stats.flows, 0)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ztnet_polnl_put_rules(struct sk_buff *skb, struct ztnet_device *zt, u32 *next)
{
	const struct ztnet_policy_conf *conf = ztnet_polconf_get(zt);
	const struct ztnet_policy *policy;
	struct nlattr *nest, *list;
	u32 first = *next;

	if (*next >= conf->rules_len)
		return 0;
	policy = rcu_dereference_protected(zt->policy, lockdep_is_held(&zt->update_lock));
	nest = nla_nest_start(skb, ZTDEVICE_A_POLICY);
	list = nest ? nla_nest_start(skb, ZTPOLICY_A_RULES) : NULL;
	if (!list)
		goto full;
	for (; *next < conf->rules_len; ++*next)
		if (ztnet_put_rule(skb, &conf->rules[*next], policy, *next))
			break;
	if (*next == first)
		goto full;
	nla_nest_end(skb, list);
	nla_nest_end(skb, nest);
	return *next < conf->rules_len ? -EMSGSIZE : 0;
full:
	if (nest)
		nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
