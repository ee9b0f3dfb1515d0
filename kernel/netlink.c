// SPDX-License-Identifier: GPL-2.0
/*
 * The "ztnet" generic netlink family: how ztnet(8) reads and changes a
 * device.  The ABI is documented in uapi/ztnet.h.
 */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "policy.h"

static struct genl_family ztnet_genl_family;

/* Where a GET_DEVICE dump resumes, kept in netlink_callback::ctx. */
struct ztnet_dump_ctx {
	int ifindex;	/* the one device asked for, or 0 for all */
	long sent;	/* ztnet devices already in earlier messages */
};

static struct net_device *ztnet_find_device(struct net *net,
					    struct nlattr **attrs)
{
	if (attrs[ZTDEVICE_A_IFINDEX])
		return dev_get_by_index(net, nla_get_u32(attrs[ZTDEVICE_A_IFINDEX]));
	return dev_get_by_name(net, nla_data(attrs[ZTDEVICE_A_IFNAME]));
}

/* Returns the ztnet device a request names, with a reference held. */
static struct net_device *ztnet_lookup_device(struct net *net,
					      struct nlattr **attrs,
					      struct netlink_ext_ack *extack)
{
	struct nlattr *ifname = attrs[ZTDEVICE_A_IFNAME];
	struct net_device *dev;

	if (!attrs[ZTDEVICE_A_IFINDEX] && !ifname) {
		NL_SET_ERR_MSG(extack, "ztnet: name the device by ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}
	dev = ztnet_find_device(net, attrs);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "ztnet: no such device");
		return ERR_PTR(-ENODEV);
	}
	if (attrs[ZTDEVICE_A_IFINDEX] && ifname &&
	    strcmp(dev->name, nla_data(ifname))) {
		NL_SET_ERR_MSG_ATTR(extack, ifname,
				    "ztnet: ifindex and ifname name different devices");
		goto put_einval;
	}
	if (!ztnet_device_is_ours(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG(extack, "ztnet: not a ztnet device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;

put_einval:
	dev_put(dev);
	return ERR_PTR(-EINVAL);
}

static int ztnet_put_device(struct sk_buff *skb, struct net_device *dev,
			    struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ztnet_genl_family, NLM_F_MULTI, ZTNET_CMD_GET_DEVICE);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, ZTDEVICE_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, ZTDEVICE_A_IFNAME, dev->name))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Errors found here reach the caller as a plain netlink error, which is why
 * the named device is looked up now and not in the first dumpit call.
 */
static int ztnet_get_device_start(struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	struct nlattr **attrs = ztnet_compat_dump_attrs(cb);
	struct net_device *dev;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs[ZTDEVICE_A_IFINDEX] && !attrs[ZTDEVICE_A_IFNAME])
		return 0;

	dev = ztnet_lookup_device(sock_net(cb->skb->sk), attrs, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ctx->ifindex = dev->ifindex;
	dev_put(dev);
	return 0;
}

/*
 * The device list only changes under RTNL, and dev_base_seq counts those
 * changes: a dump that spans a change is flagged NLM_F_DUMP_INTR.
 */
static int ztnet_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long seen = 0;
	int err = 0;

	rtnl_lock();
	cb->seq = net->dev_base_seq;
	for_each_netdev(net, dev) {
		if (!ztnet_device_is_ours(dev))
			continue;
		if (ctx->ifindex && dev->ifindex != ctx->ifindex)
			continue;
		if (seen++ < ctx->sent)
			continue;
		err = ztnet_put_device(skb, dev, cb);
		if (err)
			break;
		ctx->sent = seen;
	}
	rtnl_unlock();

	/* A full message is not an error: the next call resumes after it. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* Attributes that SET_DEVICE accepts but cannot honour yet. */
static const int ztnet_set_unimplemented[] = {
	ZTDEVICE_A_PRIVATE_KEY,
	ZTDEVICE_A_LISTEN_PORT,
	ZTDEVICE_A_FWMARK,
	ZTDEVICE_A_PEERS,
};

static int ztnet_check_set_attrs(struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	int i;

	if (attrs[ZTDEVICE_A_PUBLIC_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[ZTDEVICE_A_PUBLIC_KEY],
				    "ztnet: the public key is derived from the private key");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(ztnet_set_unimplemented); i++) {
		struct nlattr *attr = attrs[ztnet_set_unimplemented[i]];

		if (attr) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "ztnet: not implemented by this module yet");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/* Validates everything before changing anything, so a refusal is a no-op. */
static int ztnet_set_device(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int err;

	dev = ztnet_lookup_device(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	err = ztnet_check_set_attrs(info->attrs, info->extack);
	dev_put(dev);
	return err;
}

static const struct genl_ops ztnet_genl_ops[] = {
	{
		.cmd	= ZTNET_CMD_GET_DEVICE,
		.start	= ztnet_get_device_start,
		.dumpit	= ztnet_get_device_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd	= ZTNET_CMD_SET_DEVICE,
		.doit	= ztnet_set_device,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family ztnet_genl_family __ro_after_init = {
	.name		= ZTNET_GENL_NAME,
	.version	= ZTNET_GENL_VERSION,
	.maxattr	= ZTDEVICE_A_MAX,
	.policy		= ztnet_device_policy,
	.ops		= ztnet_genl_ops,
	.n_ops		= ARRAY_SIZE(ztnet_genl_ops),
	.netnsok	= true,
	.module		= THIS_MODULE,
};

int __init ztnet_genl_init(void)
{
	return genl_register_family(&ztnet_genl_family);
}

void ztnet_genl_uninit(void)
{
	genl_unregister_family(&ztnet_genl_family);
}
