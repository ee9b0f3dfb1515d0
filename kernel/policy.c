// SPDX-License-Identifier: GPL-2.0
/*
 * The policy object (policy.h): built whole from the device's configured
 * policy (polconf.h) before a change is applied, and never written after
 * it is published.  Group names get ids here, numbered afresh at each
 * build, and membership is an open-addressed table keyed by public key,
 * so that the data path finds a peer's groups with one hash.
 */

#include <linux/bsearch.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "device.h"
#include "policy.h"
#include "polconf.h"
#include "rulenl.h"

struct ztnet_member_slot {
	u8 key[ZTNET_KEY_LEN];
	const struct ztnet_groups *groups;	/* NULL: a free slot */
};

/* What policy.h leaves to policy.c. */
struct ztnet_policy_priv {
	char (*names)[ZTRULE_NAME_MAX + 1];	/* by id */
	u32 names_len;
	u32 names_cap;
	u32 *name_slots;			/* id + 1 by name hash; 0: free */
	u32 name_mask;
	struct ztnet_member_slot *members;
	u32 member_mask;
	u32 seed;
	size_t bytes;
};

static const struct ztnet_groups ztnet_no_groups = { .len = 0 };

struct ztnet_policy *ztnet_policy_get(const struct ztnet_device *zt)
{
	return rcu_dereference(zt->policy);
}

/* Names. */

static u32 *ztnet_name_slot(struct ztnet_policy_priv *p, const char *name)
{
	u32 i = jhash(name, strlen(name), p->seed), *slot;

	for (;; i++) {
		slot = &p->name_slots[i & p->name_mask];
		if (!*slot || !strcmp(p->names[*slot - 1], name))
			return slot;
	}
}

/* Doubles the name table and rehashes it; names keep their ids. */
static int ztnet_names_grow(struct ztnet_policy_priv *p)
{
	u32 cap = max(64U, p->names_cap * 2), i;
	char (*names)[ZTRULE_NAME_MAX + 1];
	u32 *slots;

	names = kvcalloc(cap, sizeof(*names), GFP_KERNEL_ACCOUNT);
	slots = kvcalloc(cap * 2, sizeof(*slots), GFP_KERNEL_ACCOUNT);
	if (!names || !slots)
		goto err;
	if (p->names_len)
		memcpy(names, p->names, p->names_len * sizeof(*names));
	kvfree(p->names);
	kvfree(p->name_slots);
	p->names = names;
	p->name_slots = slots;
	p->names_cap = cap;
	p->name_mask = cap * 2 - 1;
	for (i = 0; i < p->names_len; i++)
		*ztnet_name_slot(p, p->names[i]) = i + 1;
	return 0;
err:
	kvfree(names);
	kvfree(slots);
	return -ENOMEM;
}

/* The id of @name, numbering it if it is new: rulenl's callback. */
static int ztnet_group_number(void *ctx, const char *name)
{
	struct ztnet_policy_priv *p = ctx;
	u32 *slot;
	int err;

	if (p->names_cap) {
		slot = ztnet_name_slot(p, name);
		if (*slot)
			return *slot - 1;
	}
	if (p->names_len == ZTPOLICY_GROUPS_MAX)
		return -ENOSPC;
	if (p->names_len == p->names_cap) {
		err = ztnet_names_grow(p);
		if (err)
			return err;
	}
	strscpy(p->names[p->names_len], name, sizeof(p->names[0]));
	*ztnet_name_slot(p, name) = ++p->names_len;
	return p->names_len - 1;
}

const char *ztnet_policy_group_name(const struct ztnet_policy *policy, u16 id)
{
	const struct ztnet_policy_priv *p = policy->priv;

	return id < p->names_len ? p->names[id] : NULL;
}

/* Membership. */

static struct ztnet_member_slot *ztnet_member_slot(const struct ztnet_policy_priv *p,
						   const u8 *key)
{
	u32 i = jhash(key, ZTNET_KEY_LEN, p->seed);
	struct ztnet_member_slot *slot;

	for (;; i++) {
		slot = &p->members[i & p->member_mask];
		if (!slot->groups || !memcmp(slot->key, key, ZTNET_KEY_LEN))
			return slot;
	}
}

const struct ztnet_groups *ztnet_policy_groups(const struct ztnet_policy *policy,
					       const u8 key[ZTNET_KEY_LEN])
{
	const struct ztnet_policy_priv *p = policy->priv;

	if (!p->members)
		return &ztnet_no_groups;
	return ztnet_member_slot(p, key)->groups ?: &ztnet_no_groups;
}

static int ztnet_cmp_u16(const void *a, const void *b)
{
	return *(const u16 *)a - *(const u16 *)b;
}

/* One peer's groups, by id, sorted and without repeats. */
static int ztnet_build_member(struct ztnet_policy_priv *p,
			      const struct ztnet_pmember *m)
{
	const struct nlattr *list = (const void *)m->groups->data, *name;
	struct ztnet_groups *groups;
	u32 len = 0, i, n = 0;
	int rem, id;

	nla_for_each_nested(name, list, rem)
		len++;
	groups = kmalloc(struct_size(groups, ids, len), GFP_KERNEL_ACCOUNT);
	if (!groups)
		return -ENOMEM;
	nla_for_each_nested(name, list, rem) {
		id = ztnet_group_number(p, nla_data(name));
		if (id < 0) {
			kfree(groups);
			return id;
		}
		groups->ids[n++] = id;
	}
	sort(groups->ids, n, sizeof(u16), ztnet_cmp_u16, NULL);
	for (i = 0, groups->len = 0; i < n; i++)
		if (!groups->len || groups->ids[groups->len - 1] != groups->ids[i])
			groups->ids[groups->len++] = groups->ids[i];
	memcpy(ztnet_member_slot(p, m->key)->key, m->key, ZTNET_KEY_LEN);
	ztnet_member_slot(p, m->key)->groups = groups;
	p->bytes += struct_size(groups, ids, len);
	return 0;
}

static int ztnet_build_members(struct ztnet_policy_priv *p,
			       const struct ztnet_policy_conf *conf)
{
	u32 size = roundup_pow_of_two(max(8U, conf->members_len * 2));
	const struct ztnet_pmember *m;
	int bkt, err;

	p->members = kvcalloc(size, sizeof(*p->members), GFP_KERNEL_ACCOUNT);
	if (!p->members)
		return -ENOMEM;
	p->member_mask = size - 1;
	p->bytes += size * sizeof(*p->members);
	hash_for_each(conf->members, bkt, m, node) {
		err = ztnet_build_member(p, m);
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}

/* Rules. */

/* Each rule parsed alone, from its blob, with this build's group ids. */
static int ztnet_parse_rules(struct ztnet_policy_priv *p,
			     const struct ztnet_policy_conf *conf,
			     struct ztnet_rules_parsed *parsed,
			     struct ztnet_rule_desc *descs)
{
	u32 i;
	int err;

	for (i = 0; i < conf->rules_len; i++) {
		err = ztnet_rules_parse((const void *)conf->rules[i].blob->data,
					ztnet_group_number, p, &parsed[i], NULL);
		if (err)
			return err;
		if (WARN_ON_ONCE(parsed[i].len != 1))
			return -EINVAL;
		descs[i] = parsed[i].rules[0];
		cond_resched();
	}
	return 0;
}

static int ztnet_compile_rules(struct ztnet_policy *policy,
			       const struct ztnet_policy_conf *conf)
{
	struct ztnet_rules_parsed *parsed;
	struct ztnet_rule_desc *descs;
	struct ztnet_ruleset *set;
	u32 i;
	int err;

	parsed = kvcalloc(conf->rules_len, sizeof(*parsed), GFP_KERNEL);
	descs = kvcalloc(conf->rules_len, sizeof(*descs), GFP_KERNEL);
	err = -ENOMEM;
	if (!parsed || !descs)
		goto out;
	err = ztnet_parse_rules(policy->priv, conf, parsed, descs);
	if (err)
		goto out;
	set = ztnet_ruleset_build(descs, conf->rules_len);
	err = PTR_ERR_OR_ZERO(set);
	if (!err)
		policy->rules = set;
out:
	for (i = 0; parsed && i < conf->rules_len; i++)
		ztnet_rules_parsed_free(&parsed[i]);
	kvfree(parsed);
	kvfree(descs);
	return err;
}

/* A rule's name is in its blob; the object keeps its own copy. */
static int ztnet_copy_rule_names(struct ztnet_policy *policy,
				 const struct ztnet_policy_conf *conf)
{
	const char **names;
	const char *name;
	u32 i;

	names = kvcalloc(conf->rules_len, sizeof(*names), GFP_KERNEL_ACCOUNT);
	if (!names)
		return -ENOMEM;
	policy->rule_names = names;
	for (i = 0; i < conf->rules_len; i++) {
		name = ztnet_pblob_rule_name(conf->rules[i].blob);
		if (!name)
			continue;
		names[i] = kstrdup(name, GFP_KERNEL_ACCOUNT);
		if (!names[i])
			return -ENOMEM;
	}
	return 0;
}

static int ztnet_cmp_u32(const void *key, const void *elt)
{
	u32 a = *(const u32 *)key, b = *(const u32 *)elt;

	return a < b ? -1 : a > b;
}

static void ztnet_copy_counters(struct ztnet_policy *policy, u32 to,
				const struct ztnet_policy *old, u32 from)
{
	struct ztnet_rule_stats *dst;
	int cpu;

	for_each_possible_cpu(cpu) {
		dst = per_cpu_ptr(ztnet_policy_rule_counters(policy, to), cpu);
		*dst = *per_cpu_ptr(ztnet_policy_rule_counters(old, from), cpu);
	}
}

/*
 * A kept rule keeps its counters: each CPU's, from the policy it leaves.
 * Both are in the order of numbers, so one walk pairs them.  Called as
 * soon as @policy is built, under the device's policy lock only: what
 * @old counts after this, until @policy is published, is lost.
 */
void ztnet_policy_carry_stats(struct ztnet_policy *policy,
			      const struct ztnet_policy *old)
{
	u32 i = 0, j = 0;

	while (i < policy->rules_len && j < old->rules_len) {
		if (policy->rule_numbers[i] < old->rule_numbers[j]) {
			i++;
		} else if (policy->rule_numbers[i] > old->rule_numbers[j]) {
			j++;
		} else {
			ztnet_copy_counters(policy, i++, old, j++);
			if (!(i % ZTNET_RULE_STATS_CHUNK))
				cond_resched();
		}
	}
}

static u32 ztnet_stats_chunks(u32 rules)
{
	return DIV_ROUND_UP(rules, ZTNET_RULE_STATS_CHUNK);
}

static int ztnet_alloc_stats(struct ztnet_policy *policy, u32 rules)
{
	u32 i, n = ztnet_stats_chunks(rules);

	BUILD_BUG_ON(ZTNET_RULE_STATS_CHUNK * sizeof(struct ztnet_rule_stats) > 32768);
	policy->rule_stats = kvcalloc(n, sizeof(*policy->rule_stats), GFP_KERNEL_ACCOUNT);
	if (!policy->rule_stats)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		policy->rule_stats[i] = __alloc_percpu_gfp(ZTNET_RULE_STATS_CHUNK *
							   sizeof(struct ztnet_rule_stats),
							   __alignof__(struct ztnet_rule_stats),
							   GFP_KERNEL_ACCOUNT);
		if (!policy->rule_stats[i])
			return -ENOMEM;
	}
	return 0;
}

static void ztnet_free_stats(struct ztnet_policy *policy)
{
	u32 i;

	for (i = 0; policy->rule_stats && i < ztnet_stats_chunks(policy->rules_len); i++)
		free_percpu(policy->rule_stats[i]);
	kvfree(policy->rule_stats);
}

static int ztnet_number_rules(struct ztnet_policy *policy,
			      const struct ztnet_policy_conf *conf)
{
	u32 *numbers, i;
	int err;

	numbers = kvcalloc(conf->rules_len, sizeof(*numbers), GFP_KERNEL_ACCOUNT);
	policy->rule_numbers = numbers;
	if (!numbers)
		return -ENOMEM;
	err = ztnet_alloc_stats(policy, conf->rules_len);
	if (err)
		return err;
	for (i = 0; i < conf->rules_len; i++)
		numbers[i] = conf->rules[i].number;
	return 0;
}

static int ztnet_build_rules(struct ztnet_policy *policy,
			     const struct ztnet_policy_conf *conf)
{
	int err;

	policy->rules_len = conf->rules_len;
	if (!conf->rules_len)
		return 0;
	err = ztnet_compile_rules(policy, conf);
	if (!err)
		err = ztnet_copy_rule_names(policy, conf);
	if (!err)
		err = ztnet_number_rules(policy, conf);
	return err;
}

/* Protected services and the rest. */

bool ztnet_policy_protects(const struct ztnet_policy *policy, u8 proto,
			   u16 port)
{
	u32 key = (u32)proto << 16 | port;

	return policy->protect_len &&
	       bsearch(&key, policy->protect, policy->protect_len, sizeof(u32),
		       ztnet_cmp_u32);
}

u8 ztnet_policy_judge(const struct ztnet_policy *policy,
		      struct ztnet_rule_pkt *pkt, const u8 key[ZTNET_KEY_LEN],
		      u32 *rule)
{
	const struct ztnet_groups *groups = ztnet_policy_groups(policy, key);

	pkt->key = key;
	pkt->groups = groups->ids;
	pkt->groups_len = groups->len;
	*rule = policy->rules ? ztnet_ruleset_match(policy->rules, pkt) :
				ZTNET_RULE_NONE;
	if (*rule == ZTNET_RULE_NONE)
		return policy->default_action[pkt->dir];
	return ztnet_ruleset_action(policy->rules, *rule);
}

static void ztnet_copy_settings(struct ztnet_policy *policy,
				const struct ztnet_policy_conf *conf)
{
	policy->mode = conf->mode;
	memcpy(policy->default_action, conf->default_action,
	       sizeof(policy->default_action));
	policy->generation = conf->generation;
	policy->max_flows = conf->max_flows;
	policy->max_peer_flows = conf->max_peer_flows;
	memcpy(policy->timeout_sec, conf->timeout_sec, sizeof(policy->timeout_sec));
}

static int ztnet_copy_protect(struct ztnet_policy *policy,
			      const struct ztnet_policy_conf *conf)
{
	if (!conf->protect_len)
		return 0;
	policy->protect = kmemdup(conf->protect, conf->protect_len * sizeof(u32),
				  GFP_KERNEL_ACCOUNT);
	policy->protect_len = conf->protect_len;
	return policy->protect ? 0 : -ENOMEM;
}

static size_t ztnet_policy_bytes(const struct ztnet_policy *policy)
{
	const struct ztnet_policy_priv *p = policy->priv;
	size_t bytes = sizeof(*policy) + sizeof(*p) + p->bytes;

	bytes += p->names_cap * (sizeof(*p->names) + 2 * sizeof(u32));
	bytes += policy->rules_len * (sizeof(u32) + sizeof(char *));
	bytes += ztnet_stats_chunks(policy->rules_len) * ZTNET_RULE_STATS_CHUNK *
		 sizeof(struct ztnet_rule_stats) * num_possible_cpus();
	if (policy->rules)
		bytes += ztnet_ruleset_bytes(policy->rules);
	return bytes + policy->protect_len * sizeof(u32);
}

/*
 * Builds the object for @conf, its counters zero.  May sleep, for long
 * with many rules.  Fills conf's report of groups and memory.  -ENOMEM,
 * -E2BIG or -ENOSPC.
 */
struct ztnet_policy *ztnet_policy_build(struct ztnet_policy_conf *conf)
{
	struct ztnet_policy *policy;
	struct ztnet_policy_priv *p;
	int err = -ENOMEM;

	policy = kzalloc(sizeof(*policy), GFP_KERNEL_ACCOUNT);
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!policy || !p) {
		kfree(policy);
		kfree(p);
		return ERR_PTR(-ENOMEM);
	}
	policy->priv = p;
	p->seed = get_random_u32();
	ztnet_copy_settings(policy, conf);
	err = ztnet_copy_protect(policy, conf);
	if (!err)
		err = ztnet_build_members(p, conf);
	if (!err)
		err = ztnet_build_rules(policy, conf);
	if (err)
		goto err;
	conf->groups_len = p->names_len;
	conf->memory = ztnet_policy_bytes(policy);
	return policy;
err:
	ztnet_policy_free(policy);
	return ERR_PTR(err);
}

static void ztnet_free_priv(struct ztnet_policy_priv *p)
{
	u32 i;

	for (i = 0; p->members && i <= p->member_mask; i++)
		kfree(p->members[i].groups);
	kvfree(p->members);
	kvfree(p->names);
	kvfree(p->name_slots);
	kfree(p);
}

/* Frees at once: the caller waited for readers, if it was published. */
void ztnet_policy_free(struct ztnet_policy *policy)
{
	u32 i;

	if (!policy)
		return;
	if (policy->priv)
		ztnet_free_priv(policy->priv);
	for (i = 0; policy->rule_names && i < policy->rules_len; i++)
		kfree(policy->rule_names[i]);
	kvfree(policy->rule_names);
	kvfree(policy->rule_numbers);
	ztnet_free_stats(policy);
	kfree(policy->protect);
	ztnet_ruleset_free(policy->rules);
	kfree(policy);
}

/* A rule's counters, summed over every CPU. */
void ztnet_policy_rule_stats_sum(const struct ztnet_policy *policy, u32 place,
				 struct ztnet_rule_stats *sum)
{
	const struct ztnet_rule_stats *one;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	if (!policy || place >= policy->rules_len || !policy->rule_stats)
		return;
	for_each_possible_cpu(cpu) {
		one = per_cpu_ptr(ztnet_policy_rule_counters(policy, place), cpu);
		sum->packets += READ_ONCE(one->packets);
		sum->bytes += READ_ONCE(one->bytes);
		sum->flows += READ_ONCE(one->flows);
	}
}
