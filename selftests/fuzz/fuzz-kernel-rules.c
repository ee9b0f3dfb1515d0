// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the module's parser of rule lists (kernel/rulenl.c, compiled
 * unchanged against kshim/) behind its netlink policy, in the order the
 * kernel runs them: the attribute holding the list is validated against
 * ztnet_rule_policy as a nested array, then the parser runs.  The input is
 * the list's attribute stream.
 *
 * What the parser accepts, the compiler (kernel/rules.c) must take: the two
 * check the same rules in different words.  What it refuses must say why.
 * Neither may leak, and group names are numbered once each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "nlpolicy.h"
#include "rulenl.h"

#define MAX_GROUPS	8

static char groups[MAX_GROUPS][ZTRULE_NAME_MAX + 1];
static int groups_len;

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-kernel-rules: invariant broken: %s\n", what);
		abort();
	}
}

static int group_number(void *ctx, const char *name)
{
	int i;

	(void)ctx;
	require(strlen(name) <= ZTRULE_NAME_MAX, "a group's name fits");
	for (i = 0; i < groups_len; i++)
		if (!strcmp(groups[i], name))
			return i;
	if (groups_len == MAX_GROUPS)
		return -ENOSPC;
	strcpy(groups[groups_len], name);
	return groups_len++;
}

static void check_rule(const struct ztnet_rule_desc *r)
{
	const struct ztnet_spec *local = r->dir == ZTRULE_DIR_IN ? r->to : r->from;
	u16 i, len = r->dir == ZTRULE_DIR_IN ? r->to_len : r->from_len;

	require(r->action < __ZTRULE_ACTION_LAST && r->dir < __ZTRULE_DIR_LAST,
		"action and direction are known");
	for (i = 0; i < len; i++)
		require(local[i].kind == ZTSPEC_ANY || local[i].kind == ZTSPEC_CIDR,
			"the local side names no identity");
	for (i = 0; i < r->ports_len; i++)
		require(r->ports[i].lo <= r->ports[i].hi, "port ranges are ordered");
	require(r->from_len <= ZTRULE_SPECS_MAX && r->to_len <= ZTRULE_SPECS_MAX &&
		r->ports_len <= ZTRULE_RANGES_MAX && r->sports_len <= ZTRULE_RANGES_MAX,
		"lists are bounded");
}

static void check_parsed(const struct ztnet_rules_parsed *p)
{
	struct ztnet_ruleset *set;
	u32 i;

	for (i = 0; i < p->len; i++)
		check_rule(&p->rules[i]);
	set = ztnet_ruleset_build(p->rules, p->len);
	require(!IS_ERR(set) || PTR_ERR(set) == -E2BIG,
		"what the parser takes, the compiler takes");
	if (!IS_ERR(set))
		ztnet_ruleset_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct nla_policy top[2] = {
		[1] = NLA_POLICY_NESTED_ARRAY(ztnet_rule_policy),
	};
	struct netlink_ext_ack extack = { 0 };
	struct ztnet_rules_parsed parsed;
	size_t live = kshim_slab_objects;
	struct nlattr *tb[2], *list;
	int err;

	if (size > 0xffff - NLA_HDRLEN)
		return 0;
	list = malloc(NLA_HDRLEN + size);
	require(list != NULL, "malloc");
	list->nla_type = 1 | NLA_F_NESTED;
	list->nla_len = NLA_HDRLEN + size;
	memcpy(nla_data(list), data, size);
	groups_len = 0;
	if (nla_parse(tb, 1, list, list->nla_len, top, &extack) || !tb[1]) {
		free(list);
		return 0;
	}
	err = ztnet_rules_parse(tb[1], group_number, NULL, &parsed, &extack);
	if (err) {
		require(extack._msg != NULL, "a refusal says why");
	} else {
		check_parsed(&parsed);
		ztnet_rules_parsed_free(&parsed);
	}
	require(kshim_slab_objects == live, "nothing leaks");
	free(list);
	return 0;
}
