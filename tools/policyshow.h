/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy in `show` output.  The field views print one item a line,
 * tab-separated, each line starting with "<ifname>\t" when ifname is not
 * NULL (`show all rules`):
 *
 *   rules:   NUMBER PACKETS BYTES FLOWS RULE-TEXT
 *   policy:  KEY VALUE (mode, default-in, ..., then "drops REASON N"
 *            and "would-drop REASON N" for each reason)
 */
#ifndef ZTNET_POLICYSHOW_H
#define ZTNET_POLICYSHOW_H

#include <stdio.h>

#include "device.h"

/* "no-rule", "denied", ... for an enum ztdrop_reason. */
const char *ztnet_drop_reason_name(unsigned int reason);

/*
 * The human view's "  policy: ..." line, if the kernel reported one, and
 * a peer's "  groups: ..." line if it has groups; the label between on
 * and off (colour codes, or "").
 */
void ztnet_policy_show_line(FILE *out, const struct ztnet_device *dev,
			    const char *on, const char *off);
void ztnet_groups_show_line(FILE *out, const struct ztnet_peer *peer,
			    const char *on, const char *off);

void ztnet_rules_show(FILE *out, const struct ztnet_device *dev,
		      const char *ifname);

void ztnet_policy_show(FILE *out, const struct ztnet_device *dev,
		       const char *ifname);

#endif /* ZTNET_POLICYSHOW_H */
