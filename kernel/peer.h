/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_PEER_H
#define _ZTNET_PEER_H

#include <linux/hashtable.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/time64.h>

#include "uapi/ztnet.h"

struct ztnet_device;

union ztnet_endpoint {
	struct sockaddr addr;
	struct sockaddr_in addr4;
	struct sockaddr_in6 addr6;
};

/*
 * A peer is an identity: its public key.  It is found by that key through
 * the device's peer index, and by address through the allowed-IPs table.
 * Readers hold RCU and take a reference; the device's update lock
 * serialises every change.
 */
struct ztnet_peer {
	struct ztnet_device *device;
	u8 public_key[ZTNET_KEY_LEN];
	u8 preshared_key[ZTNET_KEY_LEN];
	union ztnet_endpoint endpoint;
	u16 persistent_keepalive_interval;
	u64 rx_bytes;
	u64 tx_bytes;
	struct timespec64 last_handshake;
	/* On the device's peer_list, in the order peers were added. */
	struct list_head peer_list;
	/* This peer's prefixes in the device's allowed-IPs table. */
	struct list_head allowedips_list;
	/* In the device's peer index, hashed by public key. */
	struct hlist_node index_node;
	struct kref refcount;
	struct rcu_head rcu;
	bool dead;
};

struct ztnet_peer *ztnet_peer_create(struct ztnet_device *zt,
				     const u8 public_key[ZTNET_KEY_LEN]);
void ztnet_peer_remove(struct ztnet_peer *peer);
void ztnet_peer_remove_all(struct ztnet_device *zt);
struct ztnet_peer *ztnet_peer_get_maybe_zero(struct ztnet_peer *peer);
void ztnet_peer_put(struct ztnet_peer *peer);

#endif /* _ZTNET_PEER_H */
