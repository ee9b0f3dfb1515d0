/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's parser of rule lists (kernel/rulenl.c, behind its policy),
 * callable from the tool's side of the harness, whose headers cannot mix
 * with kshim's: what the tool sends, the kernel must take.
 */
#ifndef ZTNET_RULES_BRIDGE_H
#define ZTNET_RULES_BRIDGE_H

#include <stddef.h>

/*
 * Validates and parses the elements of a rule list (the payload of the
 * list attribute, len bytes).  0 and the number of rules, or a negative
 * errno and the extended ACK's message in *msg.
 */
int rules_bridge_parse(const void *payload, size_t len, unsigned int *rules,
		       const char **msg);

#endif /* ZTNET_RULES_BRIDGE_H */
