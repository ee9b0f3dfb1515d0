// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>

#include "ruleattr.h"

static bool put_cidr(struct nlmsghdr *nlh, size_t size,
		     const struct ztnet_allowedip *ip)
{
	size_t len = ip->family == AF_INET ? 4 : 16;

	return mnl_attr_put_u16_check(nlh, size, ZTSPEC_A_FAMILY, ip->family) &&
	       mnl_attr_put_check(nlh, size, ZTSPEC_A_IPADDR, len, &ip->ip6) &&
	       mnl_attr_put_u8_check(nlh, size, ZTSPEC_A_CIDR_MASK, ip->cidr);
}

static bool put_spec(struct nlmsghdr *nlh, size_t size,
		     const struct ztnet_spec *spec)
{
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

/* A list left out is no attribute at all: "any". */
static bool put_specs(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      const struct ztnet_spec *specs, size_t len)
{
	struct nlattr *nest;
	size_t i;

	if (!len)
		return true;
	nest = mnl_attr_nest_start_check(nlh, size, type);
	if (!nest)
		return false;
	for (i = 0; i < len; i++)
		if (!put_spec(nlh, size, &specs[i]))
			return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_ranges(struct nlmsghdr *nlh, size_t size, uint16_t type,
		       const struct ztnet_port_range *ranges, size_t len)
{
	struct nlattr *nest;
	size_t i;

	if (!len)
		return true;
	nest = mnl_attr_nest_start_check(nlh, size, type);
	if (!nest)
		return false;
	for (i = 0; i < len; i++)
		if (!mnl_attr_put_u32_check(nlh, size, 0,
					    (uint32_t)ranges[i].lo << 16 | ranges[i].hi))
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
	       put_specs(nlh, size, ZTRULE_A_FROM, rule->from, rule->from_len) &&
	       put_specs(nlh, size, ZTRULE_A_TO, rule->to, rule->to_len) &&
	       put_u8_if(nlh, size, ZTRULE_A_PROTO, rule->proto) &&
	       put_ranges(nlh, size, ZTRULE_A_PORTS, rule->ports, rule->ports_len) &&
	       put_ranges(nlh, size, ZTRULE_A_SPORTS, rule->sports, rule->sports_len) &&
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
