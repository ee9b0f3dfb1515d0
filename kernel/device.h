/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_DEVICE_H
#define _ZTNET_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "allowedips.h"
#include "peer_index.h"
#include "uapi/ztnet.h"

#define ZTNET_DEVICE_KIND "ztnet"

/* A bound on what one device may cost in memory. */
#define ZTNET_MAX_PEERS BIT(20)

/* The device's own key pair; the public key is derived from the private. */
struct ztnet_identity {
	u8 private_key[ZTNET_KEY_LEN];
	u8 public_key[ZTNET_KEY_LEN];
	bool has_identity;
};

/* One ztnet interface. */
struct ztnet_device {
	struct net_device *dev;
	/* Serialises every configuration change and every dump. */
	struct mutex update_lock;
	struct ztnet_identity identity;
	struct list_head peer_list;
	unsigned int num_peers;
	struct ztnet_peer_index peer_index;
	struct ztnet_allowedips allowedips;
	u16 listen_port;
	u32 fwmark;
	/* Bumped by every change, so that a dump can tell it was cut. */
	u32 config_seq;
};

int ztnet_device_init(void);
void ztnet_device_uninit(void);
bool ztnet_device_is_ours(const struct net_device *dev);

#endif /* _ZTNET_DEVICE_H */
