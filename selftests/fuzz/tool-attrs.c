// SPDX-License-Identifier: GPL-2.0
/*
 * The rules the tool applies to replies (tools/attr.c) are static in
 * tools/decode.c, so they are reached through ztnet_device_parse: the
 * stream becomes the attributes of a GET_DEVICE reply, after a name of
 * its own so that a stream without a name still parses.  Peers are left
 * out: see copy_without_peers.
 */
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
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

/*
 * Copies the attributes of the stream but its peers, each padded, and any
 * bytes too few to be an attribute; returns how many bytes it wrote.  The
 * policy lets through peers that are valid in form but not in meaning (a
 * peer without its key, an IPv4 prefix of /100): a request with one fails
 * in the handler, and a reply never has one.  fuzz-device-reply covers
 * what the tool makes of peers.  The policy goes too: what a SET may
 * carry of it (flags, a generation to check) is not what a reply has.
 */
static size_t copy_without_peers(uint8_t *dst, const uint8_t *attrs,
				 size_t len)
{
	size_t in = 0, out = 0;

	while (len - in >= MNL_ATTR_HDRLEN) {
		struct nlattr nla;
		size_t step;

		memcpy(&nla, attrs + in, sizeof(nla));
		if (nla.nla_len < MNL_ATTR_HDRLEN || nla.nla_len > len - in)
			break;
		step = MNL_ALIGN(nla.nla_len);
		if (step > len - in)
			step = len - in;
		if ((nla.nla_type & NLA_TYPE_MASK) != ZTDEVICE_A_PEERS &&
		    (nla.nla_type & NLA_TYPE_MASK) != ZTDEVICE_A_POLICY) {
			memcpy(dst + out, attrs + in, step);
			out += MNL_ALIGN(step);
		}
		in += step;
	}
	memcpy(dst + out, attrs + in, len - in);
	return out + (len - in);
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
	nlh->nlmsg_len += MNL_ALIGN(copy_without_peers(
		mnl_nlmsg_get_payload_tail(nlh), attrs, len));

	/* An empty name is valid to the kernel but names no device. */
	accepted = ztnet_device_parse(nlh, &dev) || last_name_is_empty(nlh);
	ztnet_device_wipe(&dev);
	free(buf);
	return accepted;
}
