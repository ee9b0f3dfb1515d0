/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_PLAN_H
#define _ZTNET_PLAN_H

#include <linux/list.h>
#include <net/netlink.h>

#include "polconf.h"
#include "socket.h"
#include "txn.h"

/* Private keys one change may go through. */
#define ZTNET_MAX_KEY_CHANGES 16

struct ztnet_device;
struct ztnet_peer;
struct ztnet_txn;

/*
 * A configuration change, planned: the requests it is made of (staged
 * ones, then the one that commits them) and what applying them will need,
 * reserved before any of it is applied.
 */
struct ztnet_plan {
	struct ztnet_device *zt;
	struct ztnet_txn *txn;
	struct nlattr **last;

	/* Counted over every request. */
	unsigned long peer_elements;
	unsigned long allowedips;
	unsigned long peers_created;
	unsigned long key_changes;
	bool has_port;
	u16 port;

	/* Reserved. */
	struct list_head spare_peers;
	struct ztnet_socket_pair sockets;
	/* The policy the change leads to, built; polconf.c's. */
	struct ztnet_polconf_change policy;

	/* Applying it: peers removed, finished together at the end. */
	struct list_head dead_peers;
};

void ztnet_plan_init(struct ztnet_plan *plan, struct ztnet_device *zt,
		     struct ztnet_txn *txn, struct nlattr **last);
int ztnet_plan_prepare(struct ztnet_plan *plan, struct netlink_ext_ack *extack);
int ztnet_plan_for_each(struct ztnet_plan *plan, ztnet_attrs_fn fn, void *arg);
struct ztnet_peer *ztnet_plan_take_peer(struct ztnet_plan *plan);
void ztnet_plan_release(struct ztnet_plan *plan);

#endif /* _ZTNET_PLAN_H */
