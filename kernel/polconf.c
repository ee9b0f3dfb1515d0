// SPDX-License-Identifier: GPL-2.0
/*
 * The configured policy (polconf.h): validating what a request says of
 * it, folding a change's requests into a copy in the plan, building the
 * object from the copy before anything is applied, and publishing both
 * at the end of apply.  Nothing here can fail after the plan.
 */

#include <linux/bsearch.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "debug.h"
#include "device.h"
#include "event.h"
#include "lockdown.h"
#include "nlpolicy.h"
#include "plan.h"
#include "polconf.h"
#include "policy.h"
#include "rulenl.h"

/* What a device has before any change: mode off, and the uapi's defaults. */
static const struct ztnet_policy_conf ztnet_default_conf = {
	.mode = ZTPOLICY_MODE_OFF,
	.default_action = { [ZTRULE_DIR_IN] = ZTRULE_DROP, [ZTRULE_DIR_OUT] = ZTRULE_DROP },
	.max_flows = 65536,
	.max_peer_flows = 4096,
	.timeout_sec = {
		[ZTTIMEOUT_A_TCP_OPENING]	= 60,
		[ZTTIMEOUT_A_TCP_ESTABLISHED]	= 7440,
		[ZTTIMEOUT_A_TCP_CLOSING]	= 60,
		[ZTTIMEOUT_A_UDP]		= 120,
		[ZTTIMEOUT_A_ICMP]		= 30,
		[ZTTIMEOUT_A_OTHER]		= 60,
	},
	.next_number = 1,
};

const struct ztnet_policy_conf *ztnet_polconf_get(struct ztnet_device *zt)
{
	/* Replaced under both: either keeps it still. */
	lockdep_assert(lockdep_is_held(&zt->update_lock) ||
		       lockdep_is_held(&zt->policy_lock));
	return zt->policy_conf ?: &ztnet_default_conf;
}

/* Blobs. */

static void ztnet_pblob_put(struct ztnet_pblob *blob)
{
	if (blob && refcount_dec_and_test(&blob->ref))
		kvfree(blob);
}

/*
 * Copies a stream of attributes without the bytes that pad them, which
 * the destination has zeroed: a sender need not clear them, and two
 * rules that say the same must compare equal.  Nests are copied the same
 * way, a few levels deep, which is as deep as a rule goes.
 */
static void ztnet_copy_attrs(u8 *dst, const struct nlattr *head, int len,
			     int depth)
{
	const struct nlattr *attr;
	int rem;

	nla_for_each_attr(attr, head, len, rem) {
		memcpy(dst, attr, NLA_HDRLEN);
		if ((attr->nla_type & NLA_F_NESTED) && depth < 4)
			ztnet_copy_attrs(dst + NLA_HDRLEN, nla_data(attr),
					 nla_len(attr), depth + 1);
		else
			memcpy(dst + NLA_HDRLEN, nla_data(attr), nla_len(attr));
		dst += nla_total_size(nla_len(attr));
	}
}

/* @attr's payload under @headers headers of type 0 and then @type. */
static struct ztnet_pblob *ztnet_pblob_new(const struct nlattr *attr, u16 type,
					   int headers)
{
	int plen = NLA_ALIGN(nla_len(attr)), i;
	struct ztnet_pblob *blob;
	struct nlattr *hdr;

	blob = kvzalloc(struct_size(blob, data, headers * NLA_HDRLEN + plen),
			GFP_KERNEL_ACCOUNT);
	if (!blob)
		return NULL;
	refcount_set(&blob->ref, 1);
	blob->len = headers * NLA_HDRLEN + plen;
	for (i = 0; i < headers; i++) {
		hdr = (struct nlattr *)(blob->data + i * NLA_HDRLEN);
		hdr->nla_len = blob->len - i * NLA_HDRLEN;
		/* nla_parse_nested() wants the flag, as the request had it. */
		hdr->nla_type = (i == headers - 1 ? type : 0) | NLA_F_NESTED;
	}
	ztnet_copy_attrs(blob->data + headers * NLA_HDRLEN, nla_data(attr),
			 nla_len(attr), 0);
	return blob;
}

const struct nlattr *ztnet_pblob_rule(const struct ztnet_pblob *blob)
{
	return (const struct nlattr *)(blob->data + NLA_HDRLEN);
}

const char *ztnet_pblob_rule_name(const struct ztnet_pblob *blob)
{
	const struct nlattr *name;

	name = nla_find_nested(ztnet_pblob_rule(blob), ZTRULE_A_NAME);
	return name ? nla_data(name) : NULL;
}

/* Members. */

static struct ztnet_pmember *ztnet_member_find(const struct ztnet_policy_conf *conf,
					       const u8 *key)
{
	struct ztnet_pmember *m;

	hash_for_each_possible(conf->members, m, node, jhash(key, ZTNET_KEY_LEN, 0))
		if (!memcmp(m->key, key, ZTNET_KEY_LEN))
			return m;
	return NULL;
}

const struct ztnet_pblob *ztnet_polconf_groups(const struct ztnet_policy_conf *conf,
					       const u8 *key)
{
	struct ztnet_pmember *m = ztnet_member_find(conf, key);

	return m ? m->groups : NULL;
}

static void ztnet_member_drop(struct ztnet_policy_conf *conf,
			      struct ztnet_pmember *m)
{
	hash_del(&m->node);
	ztnet_pblob_put(m->groups);
	kfree(m);
	conf->members_len--;
}

/* Takes @groups' reference; NULL groups removes the peer's. */
static int ztnet_member_set(struct ztnet_policy_conf *conf, const u8 *key,
			    struct ztnet_pblob *groups)
{
	struct ztnet_pmember *m = ztnet_member_find(conf, key);

	if (m && !groups) {
		ztnet_member_drop(conf, m);
		return 0;
	}
	if (!groups)
		return 0;
	if (!m) {
		m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
		if (!m) {
			ztnet_pblob_put(groups);
			return -ENOMEM;
		}
		memcpy(m->key, key, ZTNET_KEY_LEN);
		hash_add(conf->members, &m->node, jhash(key, ZTNET_KEY_LEN, 0));
		conf->members_len++;
	}
	ztnet_pblob_put(m->groups);
	m->groups = groups;
	return 0;
}

static void ztnet_members_clear(struct ztnet_policy_conf *conf)
{
	struct ztnet_pmember *m;
	struct hlist_node *next;
	int bkt;

	hash_for_each_safe(conf->members, bkt, next, m, node)
		ztnet_member_drop(conf, m);
}

/* Configurations. */

static void ztnet_rules_put(struct ztnet_prule *rules, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		ztnet_pblob_put(rules[i].blob);
	kvfree(rules);
}

static void ztnet_polconf_free(struct ztnet_policy_conf *conf)
{
	if (!conf)
		return;
	ztnet_members_clear(conf);
	ztnet_rules_put(conf->rules, conf->rules_len);
	kvfree(conf->protect);
	kvfree(conf);
}

static int ztnet_copy_members(struct ztnet_policy_conf *copy,
			      const struct ztnet_policy_conf *conf)
{
	struct ztnet_pmember *m;
	int bkt, err;

	hash_init(copy->members);
	copy->members_len = 0;
	hash_for_each(conf->members, bkt, m, node) {
		refcount_inc(&m->groups->ref);
		err = ztnet_member_set(copy, m->key, m->groups);
		if (err)
			return err;
	}
	return 0;
}

/* A copy to change: it shares the blobs, which are never written. */
static struct ztnet_policy_conf *ztnet_polconf_copy(const struct ztnet_policy_conf *conf)
{
	struct ztnet_policy_conf *copy;
	u32 i;

	copy = kvmalloc(sizeof(*copy), GFP_KERNEL_ACCOUNT);
	if (!copy)
		return NULL;
	*copy = *conf;
	copy->rules = NULL;
	copy->protect = NULL;
	copy->rules_len = 0;
	copy->protect_len = 0;
	if (ztnet_copy_members(copy, conf))
		goto err;
	copy->protect = kvmalloc_array(max(conf->protect_len, 1U), sizeof(u32),
				       GFP_KERNEL_ACCOUNT);
	copy->rules = kvmalloc_array(max(conf->rules_len, 1U), sizeof(*copy->rules),
				     GFP_KERNEL_ACCOUNT);
	if (!copy->rules || !copy->protect)
		goto err;
	memcpy(copy->protect, conf->protect, conf->protect_len * sizeof(u32));
	copy->protect_len = conf->protect_len;
	for (i = 0; i < conf->rules_len; i++) {
		copy->rules[i] = conf->rules[i];
		refcount_inc(&copy->rules[i].blob->ref);
	}
	copy->rules_len = conf->rules_len;
	return copy;
err:
	ztnet_polconf_free(copy);
	return NULL;
}

/* Folding a change's requests into the copy. */

/* The rules in force, by their attributes, for a replacement to find. */
struct ztnet_rule_table {
	const struct ztnet_prule *rules;
	u32 *slots;		/* index + 1; 0: free */
	bool *taken;
	u32 mask;
	u32 seed;
};

static bool ztnet_pblob_same(const struct ztnet_pblob *a,
			     const struct ztnet_pblob *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static u32 *ztnet_rule_slot(struct ztnet_rule_table *t,
			    const struct ztnet_pblob *blob)
{
	u32 i = jhash(blob->data, blob->len, t->seed), *slot;

	for (;; i++) {
		slot = &t->slots[i & t->mask];
		if (!*slot || (!t->taken[*slot - 1] &&
			       ztnet_pblob_same(t->rules[*slot - 1].blob, blob)))
			return slot;
	}
}

static int ztnet_rule_table_init(struct ztnet_rule_table *t,
				 const struct ztnet_prule *rules, u32 len)
{
	u32 size = roundup_pow_of_two(max(8U, len * 2)), i, *slot;

	t->rules = rules;
	t->mask = size - 1;
	t->seed = get_random_u32();
	t->slots = kvcalloc(size, sizeof(*t->slots), GFP_KERNEL);
	t->taken = kvcalloc(max(len, 1U), sizeof(*t->taken), GFP_KERNEL);
	if (!t->slots || !t->taken)
		return -ENOMEM;
	/* Identical rules in force chain on: each finds the next free one. */
	for (i = 0; i < len; i++) {
		slot = ztnet_rule_slot(t, rules[i].blob);
		while (*slot)
			slot = &t->slots[(slot - t->slots + 1) & t->mask];
		*slot = i + 1;
	}
	return 0;
}

/* The first identical rule in force not already kept, or NULL. */
static const struct ztnet_prule *ztnet_rule_keep(struct ztnet_rule_table *t,
						 const struct ztnet_pblob *blob)
{
	u32 i = jhash(blob->data, blob->len, t->seed), idx;

	for (;; i++) {
		idx = t->slots[i & t->mask];
		if (!idx)
			return NULL;
		if (!t->taken[idx - 1] && ztnet_pblob_same(t->rules[idx - 1].blob, blob)) {
			t->taken[idx - 1] = true;
			return &t->rules[idx - 1];
		}
	}
}

struct ztnet_fold {
	struct ztnet_policy_conf *conf;
	/*
	 * The rules a replacement took out of force, which the rest of the
	 * change may bring back with their numbers: a replacement too large
	 * for one request goes on in the next ones, appended.
	 */
	struct ztnet_prule *pool;
	u32 pool_len;
	struct ztnet_rule_table table;
	u64 base_generation;
	bool changed;
	struct netlink_ext_ack *extack;
};

static int ztnet_cmp_rule(const void *a, const void *b)
{
	u32 x = ((const struct ztnet_prule *)a)->number;
	u32 y = ((const struct ztnet_prule *)b)->number;

	return x < y ? -1 : x > y;
}

static u32 ztnet_list_len(const struct nlattr *list)
{
	const struct nlattr *attr;
	u32 len = 0;
	int rem;

	nla_for_each_nested(attr, list, rem)
		len++;
	return len;
}

/*
 * New rules go after those in force, numbered on, but for those a
 * replacement in this change took out, identical, which keep their number.
 */
static int ztnet_fold_append(struct ztnet_fold *fold, const struct nlattr *list)
{
	struct ztnet_policy_conf *conf = fold->conf;
	u32 len = ztnet_list_len(list), n = conf->rules_len;
	const struct ztnet_prule *kept;
	struct ztnet_prule *rules;
	const struct nlattr *attr;
	int rem;

	rules = kvmalloc_array(max(n + len, 1U), sizeof(*rules), GFP_KERNEL_ACCOUNT);
	if (!rules)
		return -ENOMEM;
	memcpy(rules, conf->rules, n * sizeof(*rules));
	kvfree(conf->rules);
	conf->rules = rules;
	nla_for_each_nested(attr, list, rem) {
		rules[n].blob = ztnet_pblob_new(attr, 0, 2);
		if (!rules[n].blob)
			return -ENOMEM;
		kept = fold->pool ? ztnet_rule_keep(&fold->table, rules[n].blob) : NULL;
		rules[n].number = kept ? kept->number : conf->next_number++;
		conf->rules_len = ++n;
	}
	return 0;
}

static void ztnet_pool_free(struct ztnet_fold *fold)
{
	ztnet_rules_put(fold->pool, fold->pool_len);
	kvfree(fold->table.slots);
	kvfree(fold->table.taken);
	fold->pool = NULL;
	fold->pool_len = 0;
	memset(&fold->table, 0, sizeof(fold->table));
}

/* The rules in force leave it for the pool that appends draw from. */
static int ztnet_fold_replace(struct ztnet_fold *fold)
{
	struct ztnet_policy_conf *conf = fold->conf;
	int err;

	ztnet_pool_free(fold);
	fold->pool = conf->rules;
	fold->pool_len = conf->rules_len;
	conf->rules = NULL;
	conf->rules_len = 0;
	err = ztnet_rule_table_init(&fold->table, fold->pool, fold->pool_len);
	if (!fold->pool)
		fold->pool = ZERO_SIZE_PTR;
	return err;
}

static struct ztnet_prule *ztnet_rule_by_number(struct ztnet_policy_conf *conf,
						u32 number)
{
	struct ztnet_prule key = { .number = number };

	return bsearch(&key, conf->rules, conf->rules_len, sizeof(key),
		       ztnet_cmp_rule);
}

/* Numbers that name no rule are no error: deleting twice is deleting. */
static int ztnet_fold_delete(struct ztnet_policy_conf *conf,
			     const struct nlattr *list)
{
	const struct nlattr *attr, *number;
	struct ztnet_prule *rule;
	u32 i, n = 0;
	int rem;

	/* A replacement earlier in the change may have left them unsorted. */
	sort(conf->rules, conf->rules_len, sizeof(*conf->rules), ztnet_cmp_rule, NULL);
	nla_for_each_nested(attr, list, rem) {
		number = nla_find_nested(attr, ZTRULE_A_NUMBER);
		rule = number ? ztnet_rule_by_number(conf, nla_get_u32(number)) : NULL;
		if (rule && rule->blob) {
			ztnet_pblob_put(rule->blob);
			rule->blob = NULL;
		}
	}
	for (i = 0; i < conf->rules_len; i++)
		if (conf->rules[i].blob)
			conf->rules[n++] = conf->rules[i];
	conf->rules_len = n;
	return 0;
}

static int ztnet_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The set replaces the one in force, sorted and without repeats. */
static int ztnet_fold_protect(struct ztnet_policy_conf *conf,
			      const struct nlattr *list)
{
	u32 len = ztnet_list_len(list), n = 0, i;
	const struct nlattr *attr;
	u32 *set;
	int rem;

	set = kvmalloc_array(max(len, 1U), sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return -ENOMEM;
	nla_for_each_nested(attr, list, rem)
		set[n++] = nla_get_u32(attr);
	sort(set, n, sizeof(*set), ztnet_cmp_u32, NULL);
	for (i = 0, len = 0; i < n; i++)
		if (!len || set[len - 1] != set[i])
			set[len++] = set[i];
	kvfree(conf->protect);
	conf->protect = set;
	conf->protect_len = len;
	return 0;
}

static void ztnet_fold_settings(struct ztnet_policy_conf *conf, struct nlattr **tb)
{
	struct nlattr *attr;
	int rem;

	if (tb[ZTPOLICY_A_MODE])
		conf->mode = nla_get_u8(tb[ZTPOLICY_A_MODE]);
	if (tb[ZTPOLICY_A_DEFAULT_IN])
		conf->default_action[ZTRULE_DIR_IN] = nla_get_u8(tb[ZTPOLICY_A_DEFAULT_IN]);
	if (tb[ZTPOLICY_A_DEFAULT_OUT])
		conf->default_action[ZTRULE_DIR_OUT] = nla_get_u8(tb[ZTPOLICY_A_DEFAULT_OUT]);
	if (tb[ZTPOLICY_A_MAX_FLOWS])
		conf->max_flows = nla_get_u32(tb[ZTPOLICY_A_MAX_FLOWS]);
	if (tb[ZTPOLICY_A_MAX_PEER_FLOWS])
		conf->max_peer_flows = nla_get_u32(tb[ZTPOLICY_A_MAX_PEER_FLOWS]);
	if (!tb[ZTPOLICY_A_TIMEOUTS])
		return;
	nla_for_each_nested(attr, tb[ZTPOLICY_A_TIMEOUTS], rem)
		if (nla_type(attr) > ZTTIMEOUT_A_UNSPEC && nla_type(attr) <= ZTTIMEOUT_A_MAX)
			conf->timeout_sec[nla_type(attr)] = nla_get_u32(attr);
}

static int ztnet_fold_policy(struct ztnet_fold *fold, const struct nlattr *nest)
{
	struct ztnet_policy_conf *conf = fold->conf;
	struct nlattr *tb[ZTPOLICY_A_MAX + 1];
	u32 flags;
	int err;

	err = nla_parse_nested(tb, ZTPOLICY_A_MAX, nest, ztnet_policy_nl_policy, NULL);
	if (WARN_ON_ONCE(err))
		return err;
	if (tb[ZTPOLICY_A_GENERATION] &&
	    nla_get_u64(tb[ZTPOLICY_A_GENERATION]) != fold->base_generation) {
		NL_SET_ERR_MSG(fold->extack,
			       "ztnet: the policy changed since that generation; nothing was changed");
		return -ESTALE;
	}
	fold->changed = true;
	ztnet_fold_settings(conf, tb);
	flags = tb[ZTPOLICY_A_FLAGS] ? nla_get_u32(tb[ZTPOLICY_A_FLAGS]) : 0;
	if (tb[ZTPOLICY_A_PROTECT]) {
		err = ztnet_fold_protect(conf, tb[ZTPOLICY_A_PROTECT]);
		if (err)
			return err;
	}
	if (flags & ZTPOLICY_F_DELETE_RULES)
		return tb[ZTPOLICY_A_RULES] ? ztnet_fold_delete(conf, tb[ZTPOLICY_A_RULES]) : 0;
	if (flags & ZTPOLICY_F_REPLACE_RULES) {
		err = ztnet_fold_replace(fold);
		if (err)
			return err;
	}
	return tb[ZTPOLICY_A_RULES] ? ztnet_fold_append(fold, tb[ZTPOLICY_A_RULES]) : 0;
}

/* A removed peer leaves its groups; a list, even empty, replaces them. */
static int ztnet_fold_peer(struct ztnet_fold *fold, const struct nlattr *peer)
{
	struct nlattr *tb[ZTPEER_A_MAX + 1];
	struct ztnet_pblob *groups = NULL;
	const u8 *key;
	u32 flags;
	int err;

	err = nla_parse_nested(tb, ZTPEER_A_MAX, peer, ztnet_peer_policy, NULL);
	if (WARN_ON_ONCE(err))
		return err;
	key = nla_data(tb[ZTPEER_A_PUBLIC_KEY]);
	flags = tb[ZTPEER_A_FLAGS] ? nla_get_u32(tb[ZTPEER_A_FLAGS]) : 0;
	if (!(flags & ZTPEER_F_REMOVE_ME) && !tb[ZTPEER_A_GROUPS])
		return 0;
	if (!(flags & ZTPEER_F_REMOVE_ME) && nla_len(tb[ZTPEER_A_GROUPS])) {
		groups = ztnet_pblob_new(tb[ZTPEER_A_GROUPS], ZTPEER_A_GROUPS, 1);
		if (!groups)
			return -ENOMEM;
	}
	if (!groups && !ztnet_member_find(fold->conf, key))
		return 0;
	fold->changed = true;
	return ztnet_member_set(fold->conf, key, groups);
}

static int ztnet_fold_request(struct nlattr **attrs, void *arg)
{
	u32 flags = attrs[ZTDEVICE_A_FLAGS] ? nla_get_u32(attrs[ZTDEVICE_A_FLAGS]) : 0;
	struct ztnet_fold *fold = arg;
	struct nlattr *peer;
	int err, rem;

	if ((flags & ZTDEVICE_F_REPLACE_PEERS) && fold->conf->members_len) {
		ztnet_members_clear(fold->conf);
		fold->changed = true;
	}
	if (attrs[ZTDEVICE_A_POLICY]) {
		err = ztnet_fold_policy(fold, attrs[ZTDEVICE_A_POLICY]);
		if (err)
			return err;
	}
	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem) {
		err = ztnet_fold_peer(fold, peer);
		if (err)
			return err;
	}
	return 0;
}

/* Whether a request may touch the policy: plain peer changes stay cheap. */
static int ztnet_request_touches(struct nlattr **attrs, void *arg)
{
	struct nlattr *peer;
	int rem;

	if (attrs[ZTDEVICE_A_POLICY])
		return 1;
	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem)
		if (nla_find_nested(peer, ZTPEER_A_GROUPS))
			return 1;
	return 0;
}

static bool ztnet_change_touches(struct ztnet_plan *plan)
{
	/* Removing peers may drop their groups: only the fold can tell. */
	if (ztnet_polconf_get(plan->zt)->members_len)
		return true;
	return ztnet_plan_for_each(plan, ztnet_request_touches, NULL) > 0;
}

static int ztnet_polconf_build(struct ztnet_device *zt,
			       struct ztnet_polconf_change *change,
			       struct netlink_ext_ack *extack)
{
	struct ztnet_policy *policy, *old;

	change->conf->generation++;
	/* A window for tests: the build, as long as a large one takes. */
	ztnet_debug_delay(ZTNET_DELAY_POLICY_BUILD);
	policy = ztnet_policy_build(change->conf);
	if (IS_ERR(policy)) {
		if (PTR_ERR(policy) == -ENOSPC)
			NL_SET_ERR_MSG(extack,
				       "ztnet: more than 65,535 groups; nothing was changed");
		else if (PTR_ERR(policy) == -E2BIG)
			NL_SET_ERR_MSG(extack,
				       "ztnet: the rules are too large to index; nothing was changed");
		else if (PTR_ERR(policy) != -ENOMEM)
			NL_SET_ERR_MSG(extack,
				       "ztnet: the policy cannot be built; nothing was changed");
		return PTR_ERR(policy);
	}
	/*
	 * The kept rules' counters, before RTNL: a copy per rule and CPU,
	 * too long to hold it for with many of both.  What the old policy
	 * counts from here to the publication is lost.
	 */
	old = rcu_dereference_protected(zt->policy, lockdep_is_held(&zt->policy_lock));
	if (old)
		ztnet_policy_carry_stats(policy, old);
	change->policy = policy;
	change->touched = true;
	return 0;
}

/*
 * Under the policy lock, without RTNL or the device's mutex: the lock
 * keeps the base configuration, which only apply replaces, as it is until
 * this change is applied or dropped.
 */
int ztnet_polconf_plan(struct ztnet_plan *plan, struct ztnet_polconf_change *change,
		       struct netlink_ext_ack *extack)
{
	const struct ztnet_policy_conf *base;
	struct ztnet_fold fold = { .extack = extack };
	int err;

	lockdep_assert_held(&plan->zt->policy_lock);
	memset(change, 0, sizeof(*change));
	if (!ztnet_change_touches(plan))
		return 0;
	base = ztnet_polconf_get(plan->zt);
	fold.base_generation = base->generation;
	change->conf = ztnet_polconf_copy(base);
	fold.conf = change->conf;
	if (!change->conf)
		return -ENOMEM;
	err = ztnet_plan_for_each(plan, ztnet_fold_request, &fold);
	/* Kept rules took their old numbers: back in the order of numbers. */
	if (fold.pool)
		sort(fold.conf->rules, fold.conf->rules_len, sizeof(*fold.conf->rules),
		     ztnet_cmp_rule, NULL);
	ztnet_pool_free(&fold);
	if (!err && fold.changed)
		err = ztnet_polconf_build(plan->zt, change, extack);
	return err;
}

/*
 * Under RTNL, last of the plan: the hooks a new policy needs are
 * registered before anything is applied, as nothing may fail after.
 */
int ztnet_polconf_hook(struct ztnet_device *zt, struct ztnet_polconf_change *change,
		       struct netlink_ext_ack *extack)
{
	const struct ztnet_policy *policy = change->policy;
	int err;

	ASSERT_RTNL();
	if (!policy)
		return 0;
	err = ztnet_lockdown_prepare(zt, policy->mode != ZTPOLICY_MODE_OFF &&
				     policy->protect_len);
	if (err)
		NL_SET_ERR_MSG(extack,
			       "ztnet: cannot hook the plaintext lockdown; nothing was changed");
	return err;
}

/* Tells the listeners a new policy is in force. */
static void ztnet_polconf_announce(struct ztnet_device *zt)
{
	struct ztnet_event ev = {
		.type = ZTEVENT_POLICY_COMMIT,
		.generation = zt->policy_conf->generation,
	};

	ztnet_event_send(zt, &ev);
}

/*
 * The end of apply: cannot fail.  Mode off publishes no object; what is
 * replaced is left in @change for release to free after a grace period.
 */
void ztnet_polconf_apply(struct ztnet_device *zt, struct ztnet_polconf_change *change)
{
	struct ztnet_policy *policy = change->policy;

	lockdep_assert_held(&zt->policy_lock);
	if (!change->touched)
		return;
	swap(zt->policy_conf, change->conf);
	if (zt->policy_conf->mode == ZTPOLICY_MODE_OFF) {
		ztnet_policy_free(policy);
		policy = NULL;
	}
	change->policy = rcu_replace_pointer(zt->policy, policy,
					     lockdep_is_held(&zt->update_lock));
	ztnet_lockdown_settle(zt);
	ztnet_polconf_announce(zt);
}

/*
 * With no lock held: after apply, change->policy may still have readers.
 * Before apply, nobody has seen it; a grace period costs only time.
 */
void ztnet_polconf_release(struct ztnet_polconf_change *change)
{
	if (change->policy) {
		if (change->touched)
			synchronize_rcu();
		ztnet_policy_free(change->policy);
	}
	ztnet_polconf_free(change->conf);
	memset(change, 0, sizeof(*change));
}

/* The device goes: its data path is stopped, but wait for stragglers. */
void ztnet_polconf_clear(struct ztnet_device *zt)
{
	struct ztnet_policy *policy;

	mutex_lock(&zt->update_lock);
	policy = rcu_replace_pointer(zt->policy, NULL, lockdep_is_held(&zt->update_lock));
	ztnet_polconf_free(zt->policy_conf);
	zt->policy_conf = NULL;
	mutex_unlock(&zt->update_lock);
	if (!policy)
		return;
	synchronize_rcu();
	ztnet_policy_free(policy);
}

/* Validation, as each request comes. */

static int ztnet_any_group(void *ctx, const char *name)
{
	return 0;
}

static int ztnet_check_delete(const struct nlattr *list,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZTRULE_A_MAX + 1];
	const struct nlattr *attr;
	int err, rem;

	nla_for_each_nested(attr, list, rem) {
		err = nla_parse_nested(tb, ZTRULE_A_MAX, attr,
				       ztnet_rule_number_policy, extack);
		if (err)
			return err;
		if (!tb[ZTRULE_A_NUMBER]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "ztnet: a rule to delete is named by its number alone");
			return -EINVAL;
		}
	}
	return 0;
}

static int ztnet_check_rules(const struct nlattr *list, u32 flags,
			     struct netlink_ext_ack *extack)
{
	struct ztnet_rules_parsed parsed;
	int err;

	if (flags & ZTPOLICY_F_DELETE_RULES)
		return ztnet_check_delete(list, extack);
	err = ztnet_rules_parse(list, ztnet_any_group, NULL, &parsed, extack);
	if (!err)
		ztnet_rules_parsed_free(&parsed);
	return err;
}

static int ztnet_check_protect(const struct nlattr *list,
			       struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem;

	nla_for_each_nested(attr, list, rem) {
		if (nla_len(attr) != sizeof(u32) || nla_get_u32(attr) >> 24) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "ztnet: a protected service is a u32, proto << 16 | port");
			return -EINVAL;
		}
	}
	return 0;
}

static int ztnet_check_timeouts(const struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem;

	nla_for_each_nested(attr, nest, rem) {
		if (nla_get_u32(attr) > S32_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "ztnet: a timeout is at most 2^31 - 1 seconds");
			return -ERANGE;
		}
	}
	return 0;
}

static int ztnet_check_policy(const struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZTPOLICY_A_MAX + 1];
	u32 flags;
	int err;

	err = nla_parse_nested(tb, ZTPOLICY_A_MAX, nest, ztnet_policy_nl_policy, extack);
	if (err)
		return err;
	flags = tb[ZTPOLICY_A_FLAGS] ? nla_get_u32(tb[ZTPOLICY_A_FLAGS]) : 0;
	if ((flags & ZTPOLICY_F_DELETE_RULES) && (flags & ZTPOLICY_F_REPLACE_RULES)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ZTPOLICY_A_FLAGS],
				    "ztnet: rules are replaced or deleted, not both");
		return -EINVAL;
	}
	if (tb[ZTPOLICY_A_PROTECT]) {
		err = ztnet_check_protect(tb[ZTPOLICY_A_PROTECT], extack);
		if (err)
			return err;
	}
	if (tb[ZTPOLICY_A_TIMEOUTS]) {
		err = ztnet_check_timeouts(tb[ZTPOLICY_A_TIMEOUTS], extack);
		if (err)
			return err;
	}
	return tb[ZTPOLICY_A_RULES] ? ztnet_check_rules(tb[ZTPOLICY_A_RULES], flags, extack) : 0;
}

static int ztnet_check_groups(const struct nlattr *list,
			      struct netlink_ext_ack *extack)
{
	const struct nlattr *name;
	int rem, n = 0;

	nla_for_each_nested(name, list, rem) {
		if (++n > ZTPEER_GROUPS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, list, "ztnet: a peer is in at most 256 groups");
			return -EINVAL;
		}
		if (nla_len(name) < 2 || nla_len(name) > ZTRULE_NAME_MAX + 1 ||
		    strnlen(nla_data(name), nla_len(name)) != nla_len(name) - 1 ||
		    !ztnet_rule_name_valid(nla_data(name))) {
			NL_SET_ERR_MSG_ATTR(extack, name, "ztnet: a group's name is malformed");
			return -EINVAL;
		}
	}
	return 0;
}

int ztnet_polconf_validate(struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	struct nlattr *peer, *groups;
	int err, rem;

	if (attrs[ZTDEVICE_A_POLICY]) {
		err = ztnet_check_policy(attrs[ZTDEVICE_A_POLICY], extack);
		if (err)
			return err;
	}
	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem) {
		groups = nla_find_nested(peer, ZTPEER_A_GROUPS);
		err = groups ? ztnet_check_groups(groups, extack) : 0;
		if (err)
			return err;
	}
	return 0;
}
