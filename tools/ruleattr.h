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

#include "rule.h"

/*
 * Appends rule to the message (size bytes in all) as a nested element
 * of the list being written; false, with the message as it was, if it
 * does not fit.
 */
bool ztnet_rule_put(struct nlmsghdr *nlh, size_t size,
		    const struct ztnet_rule *rule);

#endif /* ZTNET_RULEATTR_H */
