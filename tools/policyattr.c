// SPDX-License-Identifier: GPL-2.0
/*
 * ZTDEVICE_A_POLICY and ZTPEER_A_GROUPS to structs (uapi/ztnet.h,
 * "Policy").  As for the rest of a reply, every length is checked before
 * it is read, and anything malformed refuses the whole message.
 */
#include <netinet/in.h>
#include <string.h>

#include "attr.h"
#include "mem.h"
#include "policy.h"
#include "ruleattr.h"

static const struct ztnet_attr_rule policy_rules[ZTPOLICY_A_MAX + 1] = {
	[ZTPOLICY_A_MODE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTPOLICY_A_DEFAULT_IN] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTPOLICY_A_DEFAULT_OUT] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTPOLICY_A_FLAGS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPOLICY_A_RULES] = ZTNET_ATTR_NESTED,
	[ZTPOLICY_A_PROTECT] = ZTNET_ATTR_NESTED,
	[ZTPOLICY_A_MAX_FLOWS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPOLICY_A_MAX_PEER_FLOWS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPOLICY_A_TIMEOUTS] = ZTNET_ATTR_NESTED,
	[ZTPOLICY_A_GENERATION] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTPOLICY_A_DROPS] = ZTNET_ATTR_NESTED,
	[ZTPOLICY_A_WOULD_DROP] = ZTNET_ATTR_NESTED,
	[ZTPOLICY_A_FLOWS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPOLICY_A_GROUPS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPOLICY_A_MEMORY] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
};

struct policy_get {
	struct ztnet_policy *p;
	bool request;
	size_t cap;
	uint64_t *counters;	/* drops or would_drop */
	uint32_t seen;
};

static int rule_elem(const struct nlattr *attr, void *arg)
{
	struct policy_get *g = arg;
	struct ztnet_policy_rule slot, *kept;

	if (!ztnet_rule_get(attr, g->request, &slot))
		return MNL_CB_ERROR;
	kept = ztnet_policy_add_rule(g->p, &slot.rule);
	slot.rule = kept->rule;
	*kept = slot;
	return MNL_CB_OK;
}

/* What Protect = can say, so that showconf's text reads back. */
static bool protect_valid(uint32_t value)
{
	uint32_t proto = value >> 16;

	return (value & 0xffff) != 0 && (proto == IPPROTO_TCP ||
					 proto == IPPROTO_UDP ||
					 proto == IPPROTO_SCTP);
}

static bool protect_listed(const struct ztnet_policy *p, uint32_t value)
{
	size_t i;

	for (i = 0; i < p->protect_len; i++)
		if (p->protect[i] == value)
			return true;
	return false;
}

static int protect_elem(const struct nlattr *attr, void *arg)
{
	struct policy_get *g = arg;
	struct ztnet_policy *p = g->p;
	uint32_t value;

	if (mnl_attr_get_payload_len(attr) != sizeof(value) ||
	    p->protect_len == ZTNET_PROTECT_MAX)
		return MNL_CB_ERROR;
	value = mnl_attr_get_u32(attr);
	if (!protect_valid(value) || protect_listed(p, value))
		return MNL_CB_ERROR;
	ztnet_grow((void **)&p->protect, &g->cap, p->protect_len,
		   sizeof(*p->protect), false);
	p->protect[p->protect_len++] = value;
	return MNL_CB_OK;
}

static int timeout_elem(const struct nlattr *attr, void *arg)
{
	struct ztnet_policy *p = ((struct policy_get *)arg)->p;
	uint16_t t = mnl_attr_get_type(attr);
	uint32_t v;

	if (t == 0 || t > ZTTIMEOUT_A_MAX)
		return MNL_CB_OK;
	if (mnl_attr_get_payload_len(attr) != sizeof(v))
		return MNL_CB_ERROR;
	v = mnl_attr_get_u32(attr);
	if (v == 0 || v > ZTNET_TIMEOUT_MAX)
		return MNL_CB_ERROR;
	p->timeout[t] = v;
	p->has_timeout[t] = true;
	return MNL_CB_OK;
}

static int counter_elem(const struct nlattr *attr, void *arg)
{
	struct policy_get *g = arg;
	uint16_t reason = mnl_attr_get_type(attr);

	if (mnl_attr_get_payload_len(attr) != sizeof(uint64_t))
		return MNL_CB_ERROR;
	if (reason <= ZTDROP_MAX)
		g->counters[reason] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static bool parse_list(const struct nlattr *nest, mnl_attr_cb_t cb,
		       struct policy_get *g)
{
	return ztnet_attr_nested_complete(nest) &&
	       mnl_attr_parse_nested(nest, cb, g) == MNL_CB_OK;
}

static bool store_u8(uint8_t *to, bool *has, uint8_t value, uint8_t last)
{
	*to = value;
	*has = true;
	return value < last;
}

static bool store_flags(struct policy_get *g, uint32_t flags)
{
	if (!g->request)
		return true;
	g->p->replace_rules = flags & ZTPOLICY_F_REPLACE_RULES;
	g->p->delete_rules = flags & ZTPOLICY_F_DELETE_RULES;
	return !(flags & ~(uint32_t)__ZTPOLICY_F_ALL);
}

static bool store_counts(struct policy_get *g, const struct nlattr *attr)
{
	struct ztnet_policy *p = g->p;

	switch (mnl_attr_get_type(attr)) {
	case ZTPOLICY_A_DROPS:
		g->counters = p->drops;
		return parse_list(attr, counter_elem, g);
	case ZTPOLICY_A_WOULD_DROP:
		g->counters = p->would_drop;
		return parse_list(attr, counter_elem, g);
	case ZTPOLICY_A_FLOWS:
		p->flows = mnl_attr_get_u32(attr);
		return true;
	case ZTPOLICY_A_GROUPS:
		p->groups = mnl_attr_get_u32(attr);
		return true;
	case ZTPOLICY_A_MEMORY:
		p->memory = mnl_attr_get_u64(attr);
		return true;
	}
	return true;
}

static bool store_limit(struct ztnet_policy *p, uint32_t *to, bool *has,
			uint32_t value)
{
	(void)p;
	*to = value;
	*has = true;
	return value > 0;
}

static bool store_policy_attr(struct policy_get *g, const struct nlattr *attr)
{
	struct ztnet_policy *p = g->p;

	switch (mnl_attr_get_type(attr)) {
	case ZTPOLICY_A_MODE:
		return store_u8(&p->mode, &p->has_mode, mnl_attr_get_u8(attr),
				__ZTPOLICY_MODE_LAST);
	case ZTPOLICY_A_DEFAULT_IN:
		return store_u8(&p->default_in, &p->has_default_in,
				mnl_attr_get_u8(attr), __ZTRULE_ACTION_LAST);
	case ZTPOLICY_A_DEFAULT_OUT:
		return store_u8(&p->default_out, &p->has_default_out,
				mnl_attr_get_u8(attr), __ZTRULE_ACTION_LAST);
	case ZTPOLICY_A_FLAGS:
		return store_flags(g, mnl_attr_get_u32(attr));
	case ZTPOLICY_A_RULES:
		return parse_list(attr, rule_elem, g);
	case ZTPOLICY_A_PROTECT:
		p->has_protect = true;
		return parse_list(attr, protect_elem, g);
	case ZTPOLICY_A_MAX_FLOWS:
		return store_limit(p, &p->max_flows, &p->has_max_flows,
				   mnl_attr_get_u32(attr));
	case ZTPOLICY_A_MAX_PEER_FLOWS:
		return store_limit(p, &p->max_peer_flows,
				   &p->has_max_peer_flows,
				   mnl_attr_get_u32(attr));
	case ZTPOLICY_A_TIMEOUTS:
		return parse_list(attr, timeout_elem, g);
	case ZTPOLICY_A_GENERATION:
		p->generation = mnl_attr_get_u64(attr);
		p->has_generation = true;
		return true;
	}
	return store_counts(g, attr);
}

static int policy_attr(const struct nlattr *attr, void *arg)
{
	struct policy_get *g = arg;
	const struct ztnet_attr_rule *rule;
	uint16_t type = mnl_attr_get_type(attr);

	rule = ztnet_attr_rule(attr, policy_rules, ZTPOLICY_A_MAX);
	if (!rule)
		return MNL_CB_OK;
	/* A list given twice would be read twice. */
	if (!ztnet_attr_valid(attr, rule) || (g->seen & (1U << type)))
		return MNL_CB_ERROR;
	g->seen |= 1U << type;
	return store_policy_attr(g, attr) ? MNL_CB_OK : MNL_CB_ERROR;
}

bool ztnet_policy_get(const struct nlattr *nest, bool request,
		      struct ztnet_policy *p)
{
	struct policy_get g = { .p = p, .request = request };

	return parse_list(nest, policy_attr, &g);
}

struct groups_get {
	struct ztnet_peer *peer;
	size_t cap;
};

static int group_elem(const struct nlattr *attr, void *arg)
{
	static const struct ztnet_attr_rule name_rule =
		ZTNET_ATTR_STRING(ZTRULE_NAME_MAX + 1);
	struct groups_get *g = arg;
	struct ztnet_peer *peer = g->peer;
	const char *name;

	if (!ztnet_attr_valid(attr, &name_rule) ||
	    peer->groups_len == ZTPEER_GROUPS_MAX)
		return MNL_CB_ERROR;
	name = mnl_attr_get_str(attr);
	if (!ztnet_rule_name_ok(name) || ztnet_peer_in_group(peer, name))
		return MNL_CB_ERROR;
	ztnet_grow((void **)&peer->groups, &g->cap, peer->groups_len,
		   sizeof(*peer->groups), false);
	strcpy(peer->groups[peer->groups_len++], name);
	return MNL_CB_OK;
}

bool ztnet_groups_get(const struct nlattr *nest, struct ztnet_peer *peer)
{
	struct groups_get g = { .peer = peer };

	if (peer->has_groups)
		return false;
	peer->has_groups = true;
	return ztnet_attr_nested_complete(nest) &&
	       mnl_attr_parse_nested(nest, group_elem, &g) == MNL_CB_OK;
}
