/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks on netlink attributes from the kernel.  Each attribute the tool
 * reads has a rule with its exact payload length (or range), so that a
 * reply from a different or buggy module is refused rather than read past
 * its end.
 */
#ifndef ZTNET_ATTR_H
#define ZTNET_ATTR_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct ztnet_attr_rule {
	bool known;		/* false: the tool ignores this type */
	bool nul_string;	/* the payload ends in its first NUL */
	uint16_t min_len;
	uint16_t max_len;
};

#define ZTNET_ATTR_FIXED(len)	{ .known = true, \
				  .min_len = (len), .max_len = (len) }
#define ZTNET_ATTR_STRING(max)	{ .known = true, .nul_string = true, \
				  .min_len = 1, .max_len = (max) }
#define ZTNET_ATTR_NESTED	{ .known = true, .max_len = UINT16_MAX }

/* The rule for attr, or NULL if attr is of a type the tool ignores. */
const struct ztnet_attr_rule *
ztnet_attr_rule(const struct nlattr *attr,
		const struct ztnet_attr_rule *rules, uint16_t max_type);

bool ztnet_attr_valid(const struct nlattr *attr,
		      const struct ztnet_attr_rule *rule);

/*
 * mnl_attr_parse stops quietly at an attribute that overruns the message;
 * this tells whether the attributes from offset fill the payload exactly.
 */
bool ztnet_attr_payload_complete(const struct nlmsghdr *nlh,
				 unsigned int offset);

/* The same for the attributes inside a nested attribute. */
bool ztnet_attr_nested_complete(const struct nlattr *nest);

#endif /* ZTNET_ATTR_H */
