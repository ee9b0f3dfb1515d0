// SPDX-License-Identifier: GPL-2.0
/*
 * The ztnet network device: a layer 3 point-to-point interface created with
 * "ip link add NAME type ztnet".  It has no link-layer header and no ARP,
 * and it needs no qdisc because it never queues for hardware.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/icmp.h>

#include "compat.h"
#include "config.h"
#include "device.h"

/*
 * The default leaves room for the outer headers of the tunnel inside a 1500
 * byte path: 1500 - 40 (IPv6) - 8 (UDP) - 32 (data message overhead).
 */
#define ZTNET_DEFAULT_MTU 1420
#define ZTNET_MIN_MTU 68
#define ZTNET_MAX_MTU (ETH_MAX_MTU - 80)

static struct rtnl_link_ops ztnet_link_ops;

bool ztnet_device_is_ours(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &ztnet_link_ops;
}

/*
 * Nothing routes through the device to a peer yet, so every packet is
 * unroutable: tell the sender at once rather than let it time out.
 */
static void ztnet_xmit_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

static netdev_tx_t ztnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	ztnet_xmit_unreachable(skb);
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static int ztnet_open(struct net_device *dev)
{
	return 0;
}

static int ztnet_stop(struct net_device *dev)
{
	return 0;
}

static int ztnet_dev_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static void ztnet_dev_uninit(struct net_device *dev)
{
	ztnet_config_clear(netdev_priv(dev));
	free_percpu(dev->tstats);
	dev->tstats = NULL;
}

static const struct net_device_ops ztnet_netdev_ops = {
	.ndo_init		= ztnet_dev_init,
	.ndo_uninit		= ztnet_dev_uninit,
	.ndo_open		= ztnet_open,
	.ndo_stop		= ztnet_stop,
	.ndo_start_xmit		= ztnet_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static const struct device_type ztnet_device_type = {
	.name = ZTNET_DEVICE_KIND,
};

static void ztnet_setup(struct net_device *dev)
{
	struct ztnet_device *zt = netdev_priv(dev);

	dev->netdev_ops = &ztnet_netdev_ops;
	dev->needs_free_netdev = true;
	dev->header_ops = NULL;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->mtu = ZTNET_DEFAULT_MTU;
	dev->min_mtu = ZTNET_MIN_MTU;
	dev->max_mtu = ZTNET_MAX_MTU;
	ztnet_compat_set_lltx(dev);
	SET_NETDEV_DEVTYPE(dev, &ztnet_device_type);

	memset(zt, 0, sizeof(*zt));
	zt->dev = dev;
	mutex_init(&zt->update_lock);
	INIT_LIST_HEAD(&zt->peer_list);
	ztnet_peer_index_init(&zt->peer_index, &zt->update_lock);
	ztnet_allowedips_init(&zt->allowedips, &zt->update_lock);
}

static int ztnet_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	return register_netdevice(dev);
}

static struct rtnl_link_ops ztnet_link_ops __read_mostly = {
	.kind		= ZTNET_DEVICE_KIND,
	.priv_size	= sizeof(struct ztnet_device),
	.setup		= ztnet_setup,
	.newlink	= ztnet_newlink,
};

int ztnet_device_init(void)
{
	return rtnl_link_register(&ztnet_link_ops);
}

/* Deletes every ztnet device in every namespace before returning. */
void ztnet_device_uninit(void)
{
	rtnl_link_unregister(&ztnet_link_ops);
}
