// SPDX-License-Identifier: GPL-2.0
/* Messages shaped as the module writes them; see nlbuild.h. */
#include <linux/genetlink.h>
#include <string.h>

#include <ztnet.h>

#include "nlbuild.h"

struct nlmsghdr *ztnet_nlbuild_start(void *buf, size_t len, uint16_t type,
				     uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(buf, 0, len);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ZTNET_GENL_VERSION;
	return nlh;
}

static void ztnet_nlbuild_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	if (v)
		mnl_attr_put_u64(nlh, type, v);
}

void ztnet_nlbuild_rule(struct nlmsghdr *nlh, uint8_t action, uint32_t number,
			const char *name,
			const struct ztnet_nlbuild_counts *counts)
{
	struct nlattr *rule = mnl_attr_nest_start(nlh, 0), *list, *spec;

	mnl_attr_put_u8(nlh, ZTRULE_A_ACTION, action);
	mnl_attr_put_u8(nlh, ZTRULE_A_DIRECTION, ZTRULE_DIR_IN);
	list = mnl_attr_nest_start(nlh, ZTRULE_A_FROM);
	spec = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u8(nlh, ZTSPEC_A_KIND, ZTSPEC_GROUP);
	mnl_attr_put_strz(nlh, ZTSPEC_A_GROUP, "web");
	mnl_attr_nest_end(nlh, spec);
	mnl_attr_nest_end(nlh, list);
	mnl_attr_put_u8(nlh, ZTRULE_A_PROTO, 6);
	list = mnl_attr_nest_start(nlh, ZTRULE_A_PORTS);
	mnl_attr_put_u32(nlh, 0, 5432U << 16 | 5432);
	mnl_attr_nest_end(nlh, list);
	mnl_attr_put_strz(nlh, ZTRULE_A_NAME, name);
	mnl_attr_put_u32(nlh, ZTRULE_A_NUMBER, number);
	ztnet_nlbuild_u64(nlh, ZTRULE_A_PACKETS, counts->packets);
	ztnet_nlbuild_u64(nlh, ZTRULE_A_BYTES, counts->bytes);
	ztnet_nlbuild_u64(nlh, ZTRULE_A_FLOWS, counts->flows);
	mnl_attr_nest_end(nlh, rule);
}
