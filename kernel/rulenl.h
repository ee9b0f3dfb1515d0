/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microsegment rules from their netlink attributes (uapi/ztnet.h, "Rules")
 * to the descriptions that rules.c compiles.  Everything the attribute
 * policies cannot say is checked here, with an extended ACK naming what
 * is wrong: a refused list changes nothing.
 */
#ifndef _ZTNET_RULENL_H
#define _ZTNET_RULENL_H

#include <linux/bits.h>
#include <net/netlink.h>

#include "rules.h"

/* Rules in one list, at most this many. */
#define ZTNET_RULES_MAX		BIT(20)

/* Parsed rules; specs and ranges hold what the rules point to. */
struct ztnet_rules_parsed {
	struct ztnet_rule_desc *rules;
	u32 len;
	struct ztnet_spec *specs;
	struct ztnet_port_range *ranges;
};

/*
 * A group's number for its name, numbering names not seen before; a
 * negative errno (-ENOSPC: too many groups) refuses the list.
 */
typedef int (*ztnet_group_number_t)(void *ctx, const char *name);

/* Parses the nested array list; may sleep.  0 or a negative errno. */
int ztnet_rules_parse(const struct nlattr *list, ztnet_group_number_t group,
		      void *ctx, struct ztnet_rules_parsed *out,
		      struct netlink_ext_ack *extack);
void ztnet_rules_parsed_free(struct ztnet_rules_parsed *parsed);

/* Whether a rule's or a group's name is well formed (uapi: ZTRULE_A_NAME). */
bool ztnet_rule_name_valid(const char *name);

#endif /* _ZTNET_RULENL_H */
