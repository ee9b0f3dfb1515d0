// SPDX-License-Identifier: GPL-2.0
/*
 * The rules the tool applies to replies (tools/attr.c) are static in
 * tools/device.c, so they are reached through ztnet_device_parse: the
 * stream becomes the attributes of a GET_DEVICE reply, after a name of
 * its own so that a stream without a name still parses.
 */
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "tool-attrs.h"

static bool last_name_is_empty(const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	bool empty = false;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == ZTDEVICE_A_IFNAME)
			empty = *(const char *)mnl_attr_get_payload(attr) == '\0';
	return empty;
}

bool ztnet_tool_accepts_device_attrs(const uint8_t *attrs, size_t len)
{
	/* The kernel pads every attribute, the last one too. */
	size_t padded = MNL_ALIGN(len);
	size_t size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) +
		      MNL_ATTR_HDRLEN + MNL_ALIGN(IFNAMSIZ) + padded;
	struct ztnet_device dev;
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	void *buf = calloc(1, size);
	bool accepted;

	if (!buf)
		abort();
	nlh = mnl_nlmsg_put_header(buf);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZTNET_CMD_GET_DEVICE;
	genl->version = ZTNET_GENL_VERSION;
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	memcpy(mnl_nlmsg_get_payload_tail(nlh), attrs, len);
	nlh->nlmsg_len += padded;

	/* An empty name is valid to the kernel but names no device. */
	accepted = ztnet_device_parse(nlh, &dev) || last_name_is_empty(nlh);
	ztnet_device_wipe(&dev);
	free(buf);
	return accepted;
}
