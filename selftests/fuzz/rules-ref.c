// SPDX-License-Identifier: GPL-2.0
/* The reference matcher (rules-ref.h). */
#include <string.h>
#include <linux/socket.h>

#include "rules-ref.h"

/* Bit by bit, where the kernel compares bytes and then a mask. */
static bool ref_cidr(const struct ztnet_spec *s, u8 family,
		     const struct in6_addr *a)
{
	unsigned int i;

	if (s->family != family)
		return false;
	for (i = 0; i < s->cidr; i++) {
		unsigned int bit = 7 - i % 8;

		if (((s->addr.s6_addr[i / 8] >> bit) & 1) !=
		    ((a->s6_addr[i / 8] >> bit) & 1))
			return false;
	}
	return true;
}

static bool ref_in_groups(const struct ztnet_rule_pkt *pkt, u16 group)
{
	u32 i;

	for (i = 0; i < pkt->groups_len; i++)
		if (pkt->groups[i] == group)
			return true;
	return false;
}

static bool ref_spec(const struct ztnet_spec *s,
		     const struct ztnet_rule_pkt *pkt,
		     const struct in6_addr *addr, bool remote)
{
	switch (s->kind) {
	case ZTSPEC_ANY:
		return true;
	case ZTSPEC_CIDR:
		return ref_cidr(s, pkt->family, addr);
	case ZTSPEC_GROUP:
		return remote && ref_in_groups(pkt, s->group);
	case ZTSPEC_PEER:
		return remote && pkt->key &&
		       !memcmp(pkt->key, s->key, ZTNET_KEY_LEN);
	default:
		return false;
	}
}

/* An empty list is no condition; otherwise any item will do. */
static bool ref_list(const struct ztnet_spec *specs, u16 len,
		     const struct ztnet_rule_pkt *pkt,
		     const struct in6_addr *addr, bool remote)
{
	u16 i;

	if (!len)
		return true;
	for (i = 0; i < len; i++)
		if (ref_spec(&specs[i], pkt, addr, remote))
			return true;
	return false;
}

static bool ref_ranges(const struct ztnet_port_range *ranges, u16 len,
		       u16 port)
{
	u16 i;

	if (!len)
		return true;
	for (i = 0; i < len; i++)
		if (ranges[i].lo <= port && port <= ranges[i].hi)
			return true;
	return false;
}

static bool ref_rule(const struct ztnet_rule_desc *r,
		     const struct ztnet_rule_pkt *pkt)
{
	bool in = pkt->dir == ZTRULE_DIR_IN;

	return r->dir == pkt->dir &&
	       ref_list(r->from, r->from_len, pkt, &pkt->src, in) &&
	       ref_list(r->to, r->to_len, pkt, &pkt->dst, !in) &&
	       (r->proto < 0 || r->proto == pkt->proto) &&
	       ref_ranges(r->ports, r->ports_len, pkt->dport) &&
	       ref_ranges(r->sports, r->sports_len, pkt->sport) &&
	       (r->icmp_type < 0 || r->icmp_type == pkt->icmp_type) &&
	       (r->icmp_code < 0 || r->icmp_code == pkt->icmp_code);
}

u32 rules_ref_match(const struct ztnet_rule_desc *rules, u32 count,
		    const struct ztnet_rule_pkt *pkt)
{
	u32 i, accept = ZTNET_RULE_NONE;

	for (i = 0; i < count; i++) {
		if (!ref_rule(&rules[i], pkt))
			continue;
		if (rules[i].action != ZTRULE_ACCEPT)
			return i;
		if (accept == ZTNET_RULE_NONE)
			accept = i;
	}
	return accept;
}
