/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rules as netlink attributes (uapi/ztnet.h, "Rules"): one rule as an
 * element of a rule list, in the words the kernel's parser reads.
 */
#ifndef ZTNET_RULEATTR_H
#define ZTNET_RULEATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <libmnl/libmnl.h>

#include "policy.h"
#include "rule.h"

/*
 * Appends rule to the message (size bytes in all) as a nested element
 * of the list being written; false, with the message as it was, if it
 * does not fit.
 */
bool ztnet_rule_put(struct nlmsghdr *nlh, size_t size,
		    const struct ztnet_rule *rule);

/*
 * Reads one element of a ZTPOLICY_A_RULES list into slot (zeroed first).
 * In a request, an element with ZTRULE_A_NUMBER names a rule in force
 * and holds nothing else.  Anything malformed, or a rule whose text
 * would not read back as the same rule, is refused: false, slot empty.
 */
bool ztnet_rule_get(const struct nlattr *elem, bool request,
		    struct ztnet_policy_rule *slot);

/*
 * Reads a ZTDEVICE_A_POLICY into p, adding its rules to p's (policyattr.c).
 * Flags count only in a request, counters only in a reply.
 */
bool ztnet_policy_get(const struct nlattr *nest, bool request,
		      struct ztnet_policy *p);

/* Reads a ZTPEER_A_GROUPS into the peer, which must have none yet. */
bool ztnet_groups_get(const struct nlattr *nest, struct ztnet_peer *peer);

#endif /* ZTNET_RULEATTR_H */
