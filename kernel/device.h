/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_DEVICE_H
#define _ZTNET_DEVICE_H

#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#define ZTNET_DEVICE_KIND "ztnet"

/*
 * One ztnet interface.  The tunnel state (keys, peers, sockets) joins this
 * structure as it is implemented; for now it only ties the private area to
 * its net_device.
 */
struct ztnet_device {
	struct net_device *dev;
};

int ztnet_device_init(void);
void ztnet_device_uninit(void);
bool ztnet_device_is_ours(const struct net_device *dev);

#endif /* _ZTNET_DEVICE_H */
