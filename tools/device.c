// SPDX-License-Identifier: GPL-2.0
#include <linux/genetlink.h>
#include <string.h>

#include "attr.h"
#include "device.h"
#include "key.h"

static const struct ztnet_attr_rule device_rules[ZTDEVICE_A_MAX + 1] = {
	[ZTDEVICE_A_IFINDEX] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTDEVICE_A_IFNAME] = ZTNET_ATTR_STRING(IFNAMSIZ),
	[ZTDEVICE_A_PRIVATE_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTDEVICE_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTDEVICE_A_LISTEN_PORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTDEVICE_A_FWMARK] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	/* Peers are read by a later version; until then only checked. */
	[ZTDEVICE_A_PEERS] = ZTNET_ATTR_NESTED,
};

static void store_device_attr(const struct nlattr *attr,
			      struct ztnet_device *dev)
{
	switch (mnl_attr_get_type(attr)) {
	case ZTDEVICE_A_IFINDEX:
		dev->ifindex = mnl_attr_get_u32(attr);
		break;
	case ZTDEVICE_A_IFNAME:
		/* The rule guarantees a NUL within IFNAMSIZ bytes. */
		memcpy(dev->ifname, mnl_attr_get_str(attr),
		       strlen(mnl_attr_get_str(attr)) + 1);
		break;
	case ZTDEVICE_A_PRIVATE_KEY:
		memcpy(dev->private_key, mnl_attr_get_payload(attr),
		       ZTNET_KEY_LEN);
		dev->has_private_key = true;
		break;
	case ZTDEVICE_A_PUBLIC_KEY:
		memcpy(dev->public_key, mnl_attr_get_payload(attr),
		       ZTNET_KEY_LEN);
		dev->has_public_key = true;
		break;
	case ZTDEVICE_A_LISTEN_PORT:
		dev->listen_port = mnl_attr_get_u16(attr);
		dev->has_listen_port = true;
		break;
	case ZTDEVICE_A_FWMARK:
		dev->fwmark = mnl_attr_get_u32(attr);
		dev->has_fwmark = true;
		break;
	}
}

static int device_attr(const struct nlattr *attr, void *arg)
{
	const struct ztnet_attr_rule *rule;

	rule = ztnet_attr_rule(attr, device_rules, ZTDEVICE_A_MAX);
	if (!rule)
		return MNL_CB_OK;
	if (!ztnet_attr_valid(attr, rule))
		return MNL_CB_ERROR;
	store_device_attr(attr, arg);
	return MNL_CB_OK;
}

bool ztnet_device_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	memset(dev, 0, sizeof(*dev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ZTNET_CMD_GET_DEVICE)
		return false;
	if (!ztnet_attr_payload_complete(nlh, sizeof(*genl)) ||
	    mnl_attr_parse(nlh, sizeof(*genl), device_attr, dev) !=
	    MNL_CB_OK || dev->ifname[0] == '\0') {
		ztnet_device_wipe(dev);
		return false;
	}
	return true;
}

void ztnet_device_print(FILE *out, const struct ztnet_device *dev)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	fprintf(out, "interface: %s\n", dev->ifname);
	if (dev->has_public_key) {
		ztnet_key_to_base64(b64, dev->public_key);
		fprintf(out, "  public key: %s\n", b64);
	}
	if (dev->has_private_key)
		fputs("  private key: (hidden)\n", out);
	/* Like wg, zero means "none" for both and is not shown. */
	if (dev->has_listen_port && dev->listen_port)
		fprintf(out, "  listening port: %u\n", dev->listen_port);
	if (dev->has_fwmark && dev->fwmark)
		fprintf(out, "  fwmark: 0x%x\n", dev->fwmark);
}

void ztnet_device_wipe(struct ztnet_device *dev)
{
	ztnet_wipe(dev, sizeof(*dev));
}
