// SPDX-License-Identifier: GPL-2.0
/* The kernel's side of rules-bridge.h, built against kshim. */
#include <stdlib.h>
#include <string.h>

#include "nlpolicy.h"
#include "rulenl.h"
#include "rules-bridge.h"

/* Every name is group 0: the tool's side checks the names, not their numbers. */
static int any_group(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return 0;
}

int rules_bridge_parse(const void *payload, size_t len, unsigned int *rules,
		       const char **msg)
{
	static const struct nla_policy top[2] = {
		[1] = NLA_POLICY_NESTED_ARRAY(ztnet_rule_policy),
	};
	struct netlink_ext_ack extack = { 0 };
	struct ztnet_rules_parsed parsed;
	struct nlattr *tb[2], *list;
	int err;

	list = malloc(NLA_HDRLEN + len);
	if (!list)
		abort();
	list->nla_type = 1 | NLA_F_NESTED;
	list->nla_len = NLA_HDRLEN + len;
	memcpy(nla_data(list), payload, len);
	err = nla_parse(tb, 1, list, list->nla_len, top, &extack);
	if (!err)
		err = ztnet_rules_parse(tb[1], any_group, NULL, &parsed, &extack);
	if (!err) {
		*rules = parsed.len;
		ztnet_rules_parsed_free(&parsed);
	}
	*msg = extack._msg;
	free(list);
	return err;
}
