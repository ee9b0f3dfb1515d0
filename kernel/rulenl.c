// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing rules from netlink (see rulenl.h).  Two passes over the list:
 * the first checks every rule and counts what it holds, so that the
 * second fills arrays of the right size and cannot fail half way.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "nlpolicy.h"
#include "rulenl.h"

struct ztnet_rules_count {
	u32 rules;
	u32 specs;
	u32 ranges;
};

static bool ztnet_name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

bool ztnet_rule_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!ztnet_name_char(name[i], i == 0))
			return false;
	return i > 0;
}

/* The extended ACK keeps a literal, so this is a macro, not a function. */
#define ztnet_fail(extack, attr, msg) ({			\
	NL_SET_ERR_MSG_ATTR(extack, attr, msg);			\
	-EINVAL;						\
})

static bool ztnet_host_bits_clear(const u8 *addr, unsigned int len, u8 cidr)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		unsigned int first = i * 8;
		u8 mask = first >= cidr ? 0xff : first + 8 > cidr ? 0xff >> (cidr - first) : 0;

		if (addr[i] & mask)
			return false;
	}
	return true;
}

static int ztnet_check_cidr(struct nlattr **tb, const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	int family, len;
	u8 cidr;

	if (!tb[ZTSPEC_A_FAMILY] || !tb[ZTSPEC_A_IPADDR] || !tb[ZTSPEC_A_CIDR_MASK])
		return ztnet_fail(extack, attr, "ztnet: a CIDR needs family, address and CIDR");
	family = nla_get_u16(tb[ZTSPEC_A_FAMILY]);
	len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	cidr = nla_get_u8(tb[ZTSPEC_A_CIDR_MASK]);
	if (!len || nla_len(tb[ZTSPEC_A_IPADDR]) != len || cidr > len * 8)
		return ztnet_fail(extack, attr, "ztnet: CIDR family, length and mask disagree");
	if (!ztnet_host_bits_clear(nla_data(tb[ZTSPEC_A_IPADDR]), len, cidr))
		return ztnet_fail(extack, attr, "ztnet: spec address has bits set past its CIDR");
	return 0;
}

/* Each kind takes its own attributes and no other's. */
static int ztnet_check_spec_attrs(struct nlattr **tb, u8 kind,
				  const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	bool cidr = tb[ZTSPEC_A_FAMILY] || tb[ZTSPEC_A_IPADDR] || tb[ZTSPEC_A_CIDR_MASK];

	if ((cidr && kind != ZTSPEC_CIDR) ||
	    (tb[ZTSPEC_A_GROUP] && kind != ZTSPEC_GROUP) ||
	    (tb[ZTSPEC_A_PUBLIC_KEY] && kind != ZTSPEC_PEER))
		return ztnet_fail(extack, attr, "ztnet: spec has attributes of another kind");
	if (kind == ZTSPEC_CIDR)
		return ztnet_check_cidr(tb, attr, extack);
	if (kind == ZTSPEC_GROUP &&
	    (!tb[ZTSPEC_A_GROUP] || !ztnet_rule_name_valid(nla_data(tb[ZTSPEC_A_GROUP]))))
		return ztnet_fail(extack, attr, "ztnet: a group spec needs a well-formed name");
	if (kind == ZTSPEC_PEER && !tb[ZTSPEC_A_PUBLIC_KEY])
		return ztnet_fail(extack, attr, "ztnet: a peer spec needs a public key");
	return 0;
}

/* One spec; fills *spec when there is one to fill. */
static int ztnet_parse_spec(const struct nlattr *attr, bool remote,
			    ztnet_group_number_t group, void *ctx,
			    struct ztnet_spec *spec, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZTSPEC_A_MAX + 1];
	int err;
	u8 kind;

	err = nla_parse_nested(tb, ZTSPEC_A_MAX, attr, ztnet_spec_policy, extack);
	if (err)
		return err;
	if (!tb[ZTSPEC_A_KIND])
		return ztnet_fail(extack, attr, "ztnet: a spec needs a kind");
	kind = nla_get_u8(tb[ZTSPEC_A_KIND]);
	err = ztnet_check_spec_attrs(tb, kind, attr, extack);
	if (err)
		return err;
	if (!remote && (kind == ZTSPEC_GROUP || kind == ZTSPEC_PEER))
		return ztnet_fail(extack, attr, "ztnet: groups and peers are remote only");
	if (!spec)
		return 0;
	memset(spec, 0, sizeof(*spec));
	spec->kind = kind;
	if (kind == ZTSPEC_CIDR) {
		spec->family = nla_get_u16(tb[ZTSPEC_A_FAMILY]);
		spec->cidr = nla_get_u8(tb[ZTSPEC_A_CIDR_MASK]);
		memcpy(&spec->addr, nla_data(tb[ZTSPEC_A_IPADDR]),
		       nla_len(tb[ZTSPEC_A_IPADDR]));
	} else if (kind == ZTSPEC_PEER) {
		memcpy(spec->key, nla_data(tb[ZTSPEC_A_PUBLIC_KEY]), ZTNET_KEY_LEN);
	} else if (kind == ZTSPEC_GROUP) {
		err = group(ctx, nla_data(tb[ZTSPEC_A_GROUP]));
		if (err < 0) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "ztnet: no room for another group");
			return err;
		}
		spec->group = err;
	}
	return 0;
}

/* The parser's place in its output: NULL arrays on the first pass. */
struct ztnet_rules_fill {
	ztnet_group_number_t group;
	void *ctx;
	struct ztnet_rules_parsed *out;		/* NULL on the first pass */
	struct ztnet_rules_count n;
	struct netlink_ext_ack *extack;
};

static struct ztnet_spec *ztnet_next_spec(struct ztnet_rules_fill *f)
{
	return f->out ? &f->out->specs[f->n.specs] : NULL;
}

static int ztnet_parse_specs(struct ztnet_rules_fill *f, const struct nlattr *list,
			     bool remote, const struct ztnet_spec **first, u16 *len)
{
	const struct nlattr *attr;
	int err, rem;

	*first = ztnet_next_spec(f);
	*len = 0;
	if (!list)
		return 0;
	nla_for_each_nested(attr, list, rem) {
		if (*len == ZTRULE_SPECS_MAX)
			return ztnet_fail(f->extack, list, "ztnet: more than 256 specs in a list");
		err = ztnet_parse_spec(attr, remote, f->group, f->ctx,
				       ztnet_next_spec(f), f->extack);
		if (err)
			return err;
		f->n.specs++;
		(*len)++;
	}
	return 0;
}

static int ztnet_parse_ranges(struct ztnet_rules_fill *f, const struct nlattr *list,
			      const struct ztnet_port_range **first, u16 *len)
{
	struct ztnet_port_range *range;
	const struct nlattr *attr;
	u32 value;
	int rem;

	*first = f->out ? &f->out->ranges[f->n.ranges] : NULL;
	*len = 0;
	if (!list)
		return 0;
	nla_for_each_nested(attr, list, rem) {
		if (*len == ZTRULE_RANGES_MAX)
			return ztnet_fail(f->extack, list, "ztnet: more than 64 port ranges");
		if (nla_len(attr) != sizeof(u32))
			return ztnet_fail(f->extack, attr, "ztnet: a port range is a u32");
		value = nla_get_u32(attr);
		if (value >> 16 > (value & 0xffff))
			return ztnet_fail(f->extack, attr, "ztnet: port range low > high");
		if (f->out) {
			range = &f->out->ranges[f->n.ranges];
			range->lo = value >> 16;
			range->hi = value & 0xffff;
		}
		f->n.ranges++;
		(*len)++;
	}
	return 0;
}

/* What depends on the protocol: ports with TCP, UDP or SCTP, types with ICMP. */
static int ztnet_check_proto(struct nlattr **tb, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	int proto = tb[ZTRULE_A_PROTO] ? nla_get_u8(tb[ZTRULE_A_PROTO]) : -1;

	if ((tb[ZTRULE_A_PORTS] || tb[ZTRULE_A_SPORTS]) &&
	    proto != IPPROTO_TCP && proto != IPPROTO_UDP && proto != IPPROTO_SCTP)
		return ztnet_fail(extack, attr, "ztnet: ports need protocol TCP, UDP or SCTP");
	if (tb[ZTRULE_A_ICMP_TYPE] && proto != IPPROTO_ICMP && proto != IPPROTO_ICMPV6)
		return ztnet_fail(extack, attr, "ztnet: ICMP type needs ICMP or ICMPv6");
	if (tb[ZTRULE_A_ICMP_CODE] && !tb[ZTRULE_A_ICMP_TYPE])
		return ztnet_fail(extack, attr, "ztnet: an ICMP code needs an ICMP type");
	if (tb[ZTRULE_A_NAME] && !ztnet_rule_name_valid(nla_data(tb[ZTRULE_A_NAME])))
		return ztnet_fail(extack, attr, "ztnet: a rule's name is malformed");
	return 0;
}

static s16 ztnet_get_s16(const struct nlattr *attr)
{
	return attr ? nla_get_u8(attr) : -1;
}

static int ztnet_parse_rule(struct ztnet_rules_fill *f, const struct nlattr *attr)
{
	struct ztnet_rule_desc scratch, *r = f->out ? &f->out->rules[f->n.rules] : &scratch;
	struct nlattr *tb[ZTRULE_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ZTRULE_A_MAX, attr, ztnet_rule_policy, f->extack);
	if (err)
		return err;
	if (!tb[ZTRULE_A_ACTION] || !tb[ZTRULE_A_DIRECTION])
		return ztnet_fail(f->extack, attr, "ztnet: a rule needs an action and a direction");
	err = ztnet_check_proto(tb, attr, f->extack);
	if (err)
		return err;
	memset(r, 0, sizeof(*r));
	r->action = nla_get_u8(tb[ZTRULE_A_ACTION]);
	r->dir = nla_get_u8(tb[ZTRULE_A_DIRECTION]);
	r->proto = ztnet_get_s16(tb[ZTRULE_A_PROTO]);
	r->icmp_type = ztnet_get_s16(tb[ZTRULE_A_ICMP_TYPE]);
	r->icmp_code = ztnet_get_s16(tb[ZTRULE_A_ICMP_CODE]);
	err = ztnet_parse_specs(f, tb[ZTRULE_A_FROM], r->dir == ZTRULE_DIR_IN,
				&r->from, &r->from_len);
	if (!err)
		err = ztnet_parse_specs(f, tb[ZTRULE_A_TO], r->dir == ZTRULE_DIR_OUT,
					&r->to, &r->to_len);
	if (!err)
		err = ztnet_parse_ranges(f, tb[ZTRULE_A_PORTS], &r->ports, &r->ports_len);
	if (!err)
		err = ztnet_parse_ranges(f, tb[ZTRULE_A_SPORTS], &r->sports, &r->sports_len);
	f->n.rules += !err;
	return err;
}

static int ztnet_parse_list(struct ztnet_rules_fill *f, const struct nlattr *list)
{
	const struct nlattr *attr;
	int err, rem;

	memset(&f->n, 0, sizeof(f->n));
	nla_for_each_nested(attr, list, rem) {
		if (f->n.rules == ZTNET_RULES_MAX)
			return ztnet_fail(f->extack, list, "ztnet: too many rules");
		err = ztnet_parse_rule(f, attr);
		if (err)
			return err;
	}
	return 0;
}

static int ztnet_rules_alloc(struct ztnet_rules_parsed *out,
			     const struct ztnet_rules_count *n)
{
	memset(out, 0, sizeof(*out));
	out->rules = kvcalloc(max(n->rules, 1U), sizeof(*out->rules), GFP_KERNEL);
	out->specs = kvcalloc(max(n->specs, 1U), sizeof(*out->specs), GFP_KERNEL);
	out->ranges = kvcalloc(max(n->ranges, 1U), sizeof(*out->ranges), GFP_KERNEL);
	if (out->rules && out->specs && out->ranges)
		return 0;
	ztnet_rules_parsed_free(out);
	return -ENOMEM;
}

int ztnet_rules_parse(const struct nlattr *list, ztnet_group_number_t group,
		      void *ctx, struct ztnet_rules_parsed *out,
		      struct netlink_ext_ack *extack)
{
	struct ztnet_rules_fill f = { .group = group, .ctx = ctx, .extack = extack };
	int err;

	err = ztnet_parse_list(&f, list);
	if (err)
		return err;
	err = ztnet_rules_alloc(out, &f.n);
	if (err)
		return err;
	f.out = out;
	err = ztnet_parse_list(&f, list);
	if (err) {
		ztnet_rules_parsed_free(out);
		return err;
	}
	out->len = f.n.rules;
	return 0;
}

void ztnet_rules_parsed_free(struct ztnet_rules_parsed *parsed)
{
	kvfree(parsed->rules);
	kvfree(parsed->specs);
	kvfree(parsed->ranges);
	memset(parsed, 0, sizeof(*parsed));
}
