// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <string.h>

#include "attr.h"
#include "mem.h"

#include "ruleattr.h"

static bool put_cidr(struct nlmsghdr *nlh, size_t size,
		     const struct ztnet_allowedip *ip)
{
	size_t len = ip->family == AF_INET ? 4 : 16;

	return mnl_attr_put_u16_check(nlh, size, ZTSPEC_A_FAMILY, ip->family) &&
	       mnl_attr_put_check(nlh, size, ZTSPEC_A_IPADDR, len, &ip->ip6) &&
	       mnl_attr_put_u8_check(nlh, size, ZTSPEC_A_CIDR_MASK, ip->cidr);
}

static bool put_spec(struct nlmsghdr *nlh, size_t size, const void *item)
{
	const struct ztnet_spec *spec = item;
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, 0);
	bool ok;

	if (!nest)
		return false;
	ok = mnl_attr_put_u8_check(nlh, size, ZTSPEC_A_KIND, spec->kind);
	if (ok && spec->kind == ZTSPEC_CIDR)
		ok = put_cidr(nlh, size, &spec->cidr);
	else if (ok && spec->kind == ZTSPEC_GROUP)
		ok = mnl_attr_put_strz_check(nlh, size, ZTSPEC_A_GROUP, spec->group);
	else if (ok && spec->kind == ZTSPEC_PEER)
		ok = mnl_attr_put_check(nlh, size, ZTSPEC_A_PUBLIC_KEY,
					sizeof(spec->key), spec->key);
	if (!ok) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/* A range as the ABI packs it: lo in the high half, hi in the low. */
static bool put_range(struct nlmsghdr *nlh, size_t size, const void *item)
{
	const struct ztnet_port_range *range = item;

	return mnl_attr_put_u32_check(nlh, size, 0,
				      (uint32_t)range->lo << 16 | range->hi);
}

/* A list left out is no attribute at all: "any". */
static bool put_list(struct nlmsghdr *nlh, size_t size, uint16_t type,
		     const void *items, size_t len, size_t item_size,
		     bool (*put)(struct nlmsghdr *, size_t, const void *))
{
	struct nlattr *nest;
	size_t i;

	if (!len)
		return true;
	nest = mnl_attr_nest_start_check(nlh, size, type);
	if (!nest)
		return false;
	for (i = 0; i < len; i++)
		if (!put(nlh, size, (const char *)items + i * item_size))
			return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_u8_if(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      int value)
{
	return value < 0 || mnl_attr_put_u8_check(nlh, size, type, (uint8_t)value);
}

static bool put_rule_attrs(struct nlmsghdr *nlh, size_t size,
			   const struct ztnet_rule *rule)
{
	return mnl_attr_put_u8_check(nlh, size, ZTRULE_A_ACTION, rule->action) &&
	       mnl_attr_put_u8_check(nlh, size, ZTRULE_A_DIRECTION, rule->dir) &&
	       put_list(nlh, size, ZTRULE_A_FROM, rule->from, rule->from_len,
			 sizeof(*rule->from), put_spec) &&
	       put_list(nlh, size, ZTRULE_A_TO, rule->to, rule->to_len,
			 sizeof(*rule->to), put_spec) &&
	       put_u8_if(nlh, size, ZTRULE_A_PROTO, rule->proto) &&
	       put_list(nlh, size, ZTRULE_A_PORTS, rule->ports, rule->ports_len,
			 sizeof(*rule->ports), put_range) &&
	       put_list(nlh, size, ZTRULE_A_SPORTS, rule->sports,
			 rule->sports_len, sizeof(*rule->sports), put_range) &&
	       put_u8_if(nlh, size, ZTRULE_A_ICMP_TYPE, rule->icmp_type) &&
	       put_u8_if(nlh, size, ZTRULE_A_ICMP_CODE, rule->icmp_code) &&
	       (!rule->name[0] ||
		mnl_attr_put_strz_check(nlh, size, ZTRULE_A_NAME, rule->name));
}

bool ztnet_rule_put(struct nlmsghdr *nlh, size_t size,
		    const struct ztnet_rule *rule)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, 0);

	if (!nest)
		return false;
	if (!put_rule_attrs(nlh, size, rule)) {
		/* Whatever was written inside goes with the element. */
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static const struct ztnet_attr_rule rule_rules[ZTRULE_A_MAX + 1] = {
	[ZTRULE_A_ACTION] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTRULE_A_DIRECTION] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTRULE_A_FROM] = ZTNET_ATTR_NESTED,
	[ZTRULE_A_TO] = ZTNET_ATTR_NESTED,
	[ZTRULE_A_PROTO] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTRULE_A_PORTS] = ZTNET_ATTR_NESTED,
	[ZTRULE_A_SPORTS] = ZTNET_ATTR_NESTED,
	[ZTRULE_A_ICMP_TYPE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTRULE_A_ICMP_CODE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTRULE_A_NAME] = ZTNET_ATTR_STRING(ZTRULE_NAME_MAX + 1),
	[ZTRULE_A_NUMBER] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTRULE_A_PACKETS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTRULE_A_BYTES] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTRULE_A_FLOWS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
};

static const struct ztnet_attr_rule spec_rules[ZTSPEC_A_MAX + 1] = {
	[ZTSPEC_A_KIND] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTSPEC_A_FAMILY] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTSPEC_A_IPADDR] = { .known = true, .min_len = 4, .max_len = 16 },
	[ZTSPEC_A_CIDR_MASK] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTSPEC_A_GROUP] = ZTNET_ATTR_STRING(ZTRULE_NAME_MAX + 1),
	[ZTSPEC_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
};

/* What one rule element is read for. */
struct rule_get {
	struct ztnet_policy_rule *slot;
	struct ztnet_spec *spec;	/* the spec being read */
	uint32_t seen;			/* 1 << type of each attribute */
	uint32_t spec_seen;
	uint16_t addr_len;
	size_t cap;			/* of the list being read */
	struct ztnet_port_range **ranges;
	size_t *ranges_len;
};

static const struct ztnet_attr_rule *
known_attr(const struct nlattr *attr, const struct ztnet_attr_rule *rules,
	   uint16_t max, bool *bad)
{
	const struct ztnet_attr_rule *rule = ztnet_attr_rule(attr, rules, max);

	*bad = rule && !ztnet_attr_valid(attr, rule);
	return rule;
}

static int spec_attr(const struct nlattr *attr, void *arg)
{
	struct rule_get *g = arg;
	struct ztnet_spec *spec = g->spec;
	bool bad;

	if (!known_attr(attr, spec_rules, ZTSPEC_A_MAX, &bad))
		return MNL_CB_OK;
	if (bad)
		return MNL_CB_ERROR;
	g->spec_seen |= 1U << mnl_attr_get_type(attr);
	switch (mnl_attr_get_type(attr)) {
	case ZTSPEC_A_KIND:
		spec->kind = mnl_attr_get_u8(attr);
		break;
	case ZTSPEC_A_FAMILY:
		spec->cidr.family = mnl_attr_get_u16(attr);
		break;
	case ZTSPEC_A_IPADDR:
		g->addr_len = mnl_attr_get_payload_len(attr);
		memcpy(&spec->cidr.ip6, mnl_attr_get_payload(attr), g->addr_len);
		break;
	case ZTSPEC_A_CIDR_MASK:
		spec->cidr.cidr = mnl_attr_get_u8(attr);
		break;
	case ZTSPEC_A_GROUP:
		strcpy(spec->group, mnl_attr_get_str(attr));
		break;
	case ZTSPEC_A_PUBLIC_KEY:
		memcpy(spec->key, mnl_attr_get_payload(attr), ZTNET_KEY_LEN);
		break;
	}
	return MNL_CB_OK;
}

#define BIT(t) (1U << (t))

/* Each kind has exactly the attributes it needs. */
static bool spec_complete(const struct rule_get *g)
{
	const struct ztnet_spec *s = g->spec;
	uint32_t cidr = BIT(ZTSPEC_A_KIND) | BIT(ZTSPEC_A_FAMILY) |
			BIT(ZTSPEC_A_IPADDR) | BIT(ZTSPEC_A_CIDR_MASK);

	switch (s->kind) {
	case ZTSPEC_ANY:
		return g->spec_seen == BIT(ZTSPEC_A_KIND);
	case ZTSPEC_GROUP:
		return g->spec_seen == (BIT(ZTSPEC_A_KIND) | BIT(ZTSPEC_A_GROUP));
	case ZTSPEC_PEER:
		return g->spec_seen ==
		       (BIT(ZTSPEC_A_KIND) | BIT(ZTSPEC_A_PUBLIC_KEY));
	case ZTSPEC_CIDR:
		if (g->spec_seen != cidr)
			return false;
		if (s->cidr.family == AF_INET)
			return g->addr_len == 4 && s->cidr.cidr <= 32;
		return s->cidr.family == AF_INET6 && g->addr_len == 16 &&
		       s->cidr.cidr <= 128;
	default:
		return false;
	}
}

struct spec_list {
	struct rule_get *g;
	struct ztnet_spec **specs;
	size_t *len;
	size_t cap;
};

static int spec_elem(const struct nlattr *attr, void *arg)
{
	struct spec_list *l = arg;
	struct rule_get *g = l->g;

	if (*l->len == ZTRULE_SPECS_MAX)
		return MNL_CB_ERROR;
	ztnet_grow((void **)l->specs, &l->cap, *l->len, sizeof(**l->specs),
		   false);
	g->spec = &(*l->specs)[*l->len];
	memset(g->spec, 0, sizeof(*g->spec));
	g->spec_seen = 0;
	g->addr_len = 0;
	if (!ztnet_attr_nested_complete(attr) ||
	    mnl_attr_parse_nested(attr, spec_attr, g) != MNL_CB_OK ||
	    !spec_complete(g))
		return MNL_CB_ERROR;
	(*l->len)++;
	return MNL_CB_OK;
}

static bool get_specs(struct rule_get *g, const struct nlattr *nest,
		      struct ztnet_spec **specs, size_t *len)
{
	struct spec_list l = { .g = g, .specs = specs, .len = len };

	return ztnet_attr_nested_complete(nest) &&
	       mnl_attr_parse_nested(nest, spec_elem, &l) == MNL_CB_OK &&
	       *len > 0;
}

static int range_elem(const struct nlattr *attr, void *arg)
{
	struct rule_get *g = arg;
	uint32_t v;

	if (mnl_attr_get_payload_len(attr) != sizeof(v) ||
	    *g->ranges_len == ZTRULE_RANGES_MAX)
		return MNL_CB_ERROR;
	v = mnl_attr_get_u32(attr);
	if ((v >> 16) > (v & 0xffff))
		return MNL_CB_ERROR;
	ztnet_grow((void **)g->ranges, &g->cap, *g->ranges_len,
		   sizeof(**g->ranges), false);
	(*g->ranges)[*g->ranges_len].lo = v >> 16;
	(*g->ranges)[(*g->ranges_len)++].hi = v & 0xffff;
	return MNL_CB_OK;
}

static bool get_ranges(struct rule_get *g, const struct nlattr *nest,
		       struct ztnet_port_range **ranges, size_t *len)
{
	g->ranges = ranges;
	g->ranges_len = len;
	g->cap = 0;
	return ztnet_attr_nested_complete(nest) &&
	       mnl_attr_parse_nested(nest, range_elem, g) == MNL_CB_OK &&
	       *len > 0;
}

static bool store_rule_attr(struct rule_get *g, const struct nlattr *attr)
{
	struct ztnet_policy_rule *slot = g->slot;
	struct ztnet_rule *r = &slot->rule;

	switch (mnl_attr_get_type(attr)) {
	case ZTRULE_A_ACTION:
		r->action = mnl_attr_get_u8(attr);
		return r->action < __ZTRULE_ACTION_LAST;
	case ZTRULE_A_DIRECTION:
		r->dir = mnl_attr_get_u8(attr);
		return r->dir < __ZTRULE_DIR_LAST;
	case ZTRULE_A_FROM:
		return get_specs(g, attr, &r->from, &r->from_len);
	case ZTRULE_A_TO:
		return get_specs(g, attr, &r->to, &r->to_len);
	case ZTRULE_A_PROTO:
		r->proto = mnl_attr_get_u8(attr);
		return true;
	case ZTRULE_A_PORTS:
		return get_ranges(g, attr, &r->ports, &r->ports_len);
	case ZTRULE_A_SPORTS:
		return get_ranges(g, attr, &r->sports, &r->sports_len);
	case ZTRULE_A_ICMP_TYPE:
		r->icmp_type = mnl_attr_get_u8(attr);
		return true;
	case ZTRULE_A_ICMP_CODE:
		r->icmp_code = mnl_attr_get_u8(attr);
		return true;
	case ZTRULE_A_NAME:
		strcpy(r->name, mnl_attr_get_str(attr));
		return true;
	case ZTRULE_A_NUMBER:
		slot->number = mnl_attr_get_u32(attr);
		return true;
	case ZTRULE_A_PACKETS:
		slot->packets = mnl_attr_get_u64(attr);
		return true;
	case ZTRULE_A_BYTES:
		slot->bytes = mnl_attr_get_u64(attr);
		return true;
	case ZTRULE_A_FLOWS:
		slot->flows = mnl_attr_get_u64(attr);
		return true;
	}
	return true;
}

static int rule_attr(const struct nlattr *attr, void *arg)
{
	struct rule_get *g = arg;
	uint16_t type = mnl_attr_get_type(attr);
	bool bad;

	if (!known_attr(attr, rule_rules, ZTRULE_A_MAX, &bad))
		return MNL_CB_OK;
	/* A list given twice would leak the first. */
	if (bad || (g->seen & BIT(type)))
		return MNL_CB_ERROR;
	g->seen |= BIT(type);
	return store_rule_attr(g, attr) ? MNL_CB_OK : MNL_CB_ERROR;
}

static bool rule_complete(const struct rule_get *g, bool request)
{
	uint32_t head = BIT(ZTRULE_A_ACTION) | BIT(ZTRULE_A_DIRECTION);
	const struct ztnet_rule *r = &g->slot->rule;

	if (request && (g->seen & BIT(ZTRULE_A_NUMBER)))
		return g->seen == BIT(ZTRULE_A_NUMBER);
	if ((g->seen & head) != head)
		return false;
	if (r->icmp_code >= 0 && r->icmp_type < 0)
		return false;
	return ztnet_rule_canonical(r);
}

bool ztnet_rule_get(const struct nlattr *elem, bool request,
		    struct ztnet_policy_rule *slot)
{
	struct rule_get g = { .slot = slot };

	memset(slot, 0, sizeof(*slot));
	slot->rule.proto = slot->rule.icmp_type = slot->rule.icmp_code = -1;
	if (ztnet_attr_nested_complete(elem) &&
	    mnl_attr_parse_nested(elem, rule_attr, &g) == MNL_CB_OK &&
	    rule_complete(&g, request)) {
		slot->by_number = request && (g.seen & BIT(ZTRULE_A_NUMBER));
		return true;
	}
	ztnet_rule_wipe(&slot->rule);
	memset(slot, 0, sizeof(*slot));
	return false;
}
