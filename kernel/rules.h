/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microsegment rules, compiled for matching: a rule set is built once, at
 * commit, from the rules' descriptions, and is immutable afterwards, so
 * that any number of readers match against it without a lock while a
 * newer one replaces it under RCU.
 *
 * Matching follows the rules' order-independent meaning: if any drop or
 * reject rule matches, the verdict is the one with the smallest number;
 * otherwise, if any accept rule matches, the one with the smallest number;
 * otherwise none, and the caller applies the direction's default.  It does
 * not look at every rule: the set is indexed by direction, by remote
 * identity (the peer's key, each of its groups, or none), by protocol and
 * by destination port, and only the rules of the few buckets a packet
 * falls in are checked for the rest.
 */
#ifndef _ZTNET_RULES_H
#define _ZTNET_RULES_H

#include <linux/bits.h>
#include <linux/in6.h>
#include <linux/limits.h>
#include <linux/types.h>

#include "uapi/ztnet.h"

/* One item of a rule's from or to list. */
struct ztnet_spec {
	u8 kind;		/* enum ztspec_kind */
	u8 family;		/* CIDR: AF_INET or AF_INET6 */
	u8 cidr;		/* CIDR: the prefix length */
	u16 group;		/* GROUP: the group's number */
	union {
		struct in6_addr addr;	/* CIDR; IPv4 in the first 4 bytes */
		u8 key[ZTNET_KEY_LEN];	/* PEER */
	};
};

struct ztnet_port_range {
	u16 lo;
	u16 hi;
};

/* A rule as configured: what is left out (no list, -1) matches anything. */
struct ztnet_rule_desc {
	u8 action;		/* enum ztrule_action */
	u8 dir;			/* enum ztrule_direction */
	s16 proto;
	s16 icmp_type;
	s16 icmp_code;
	u16 from_len;
	u16 to_len;
	u16 ports_len;
	u16 sports_len;
	const struct ztnet_spec *from;
	const struct ztnet_spec *to;
	const struct ztnet_port_range *ports;
	const struct ztnet_port_range *sports;
};

/* A packet as the rules see it, and who the remote peer is. */
struct ztnet_rule_pkt {
	u8 dir;
	u8 family;
	u8 proto;
	u8 icmp_type;		/* with proto 1 or 58 */
	u8 icmp_code;
	u16 sport;		/* with tcp, udp and sctp, host order */
	u16 dport;
	struct in6_addr src;	/* IPv4 in the first 4 bytes */
	struct in6_addr dst;
	const u8 *key;		/* the remote peer's public key */
	const u16 *groups;	/* its groups */
	u32 groups_len;
};

/* Index entries a set may hold: each rule takes (identities x port blocks). */
#define ZTNET_RULES_MAX_ENTRIES	BIT(22)
#define ZTNET_RULE_NONE		U32_MAX

struct ztnet_ruleset;

/*
 * Builds the set; may sleep, and near ZTNET_RULES_MAX_ENTRIES takes a
 * second or more (it reschedules as it goes): call it in process context,
 * holding no lock that packets or other configuration wait for.
 * ERR_PTR(-EINVAL) for a malformed rule, -ENOMEM, or -E2BIG past
 * ZTNET_RULES_MAX_ENTRIES.  The descriptions are copied: the caller keeps
 * them.  The memory is charged to the caller's memory cgroup.  Rules are
 * numbered by their place in the array.
 */
struct ztnet_ruleset *ztnet_ruleset_build(const struct ztnet_rule_desc *rules,
					  u32 count);
void ztnet_ruleset_free(struct ztnet_ruleset *set);

/* The deciding rule's number, or ZTNET_RULE_NONE.  Any context. */
u32 ztnet_ruleset_match(const struct ztnet_ruleset *set,
			const struct ztnet_rule_pkt *pkt);

/* Rule's action (enum ztrule_action); rule must be a valid number. */
u8 ztnet_ruleset_action(const struct ztnet_ruleset *set, u32 rule);

/* The memory the set takes, for the operator's report. */
size_t ztnet_ruleset_bytes(const struct ztnet_ruleset *set);

#endif /* _ZTNET_RULES_H */
