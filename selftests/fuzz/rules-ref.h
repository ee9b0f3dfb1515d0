/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A naive matcher to check kernel/rules.c against: every rule in turn,
 * straight from its description, every condition spelled out.  Slow, but
 * too simple to be wrong in the same way as the index.
 */
#ifndef ZTNET_RULES_REF_H
#define ZTNET_RULES_REF_H

#include "rules.h"

/* The deciding rule's number by the rules' meaning, or ZTNET_RULE_NONE. */
u32 rules_ref_match(const struct ztnet_rule_desc *rules, u32 count,
		    const struct ztnet_rule_pkt *pkt);

#endif /* ZTNET_RULES_REF_H */
