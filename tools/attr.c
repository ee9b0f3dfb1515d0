// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "attr.h"

const struct ztnet_attr_rule *
ztnet_attr_rule(const struct nlattr *attr,
		const struct ztnet_attr_rule *rules, uint16_t max_type)
{
	uint16_t type = mnl_attr_get_type(attr);

	/* Types newer than this tool are skipped, so old tools keep working. */
	if (type > max_type || !rules[type].known)
		return NULL;
	return &rules[type];
}

bool ztnet_attr_valid(const struct nlattr *attr,
		      const struct ztnet_attr_rule *rule)
{
	uint16_t len = mnl_attr_get_payload_len(attr);
	const char *payload = mnl_attr_get_payload(attr);

	if (len < rule->min_len || len > rule->max_len)
		return false;
	if (rule->nul_string && strnlen(payload, len) == len)
		return false;
	return true;
}

bool ztnet_attr_payload_complete(const struct nlmsghdr *nlh,
				 unsigned int offset)
{
	const char *tail = mnl_nlmsg_get_payload_tail(nlh);
	const struct nlattr *attr;

	/*
	 * libmnl walks attributes up to the aligned end of the message, which
	 * lies past nlmsg_len when that is not aligned.  The kernel always
	 * pads its messages, so an unaligned length is a truncated one.
	 */
	if (nlh->nlmsg_len != MNL_ALIGN(nlh->nlmsg_len) ||
	    offset > mnl_nlmsg_get_payload_len(nlh))
		return false;
	mnl_attr_for_each(attr, nlh, offset)
		;
	return (const char *)attr == tail;
}

bool ztnet_attr_nested_complete(const struct nlattr *nest)
{
	const char *end = (const char *)mnl_attr_get_payload(nest) +
			  mnl_attr_get_payload_len(nest);
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
		;
	return (const char *)attr == end;
}
