/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: a network device is its name and its namespace here; NAPI
 * contexts exist only as a type.
 */
#ifndef ZTNET_KSHIM_LINUX_NETDEVICE_H
#define ZTNET_KSHIM_LINUX_NETDEVICE_H

#include <linux/if.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

struct net_device {
	char name[IFNAMSIZ];
	struct net *nd_net;
};

struct napi_struct {
	int weight;
};

static inline struct net *dev_net(const struct net_device *dev)
{
	return dev->nd_net;
}

#endif /* ZTNET_KSHIM_LINUX_NETDEVICE_H */
