/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A peer's share of the flow table (flow.h), embedded in struct
 * ztnet_peer: apart, so that peer.h does not pull the table's headers.
 */
#ifndef _ZTNET_PEERFLOWS_H
#define _ZTNET_PEERFLOWS_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct ztnet_peer_flows {
	spinlock_t lock;	/* guards list and closed */
	struct list_head list;
	atomic_t count;
	unsigned long reaped;	/* jiffies of the last reap at the cap */
	bool closed;		/* the peer is going: no flow may join */
};

static inline void ztnet_peer_flows_init(struct ztnet_peer_flows *pf)
{
	spin_lock_init(&pf->lock);
	INIT_LIST_HEAD(&pf->list);
	atomic_set(&pf->count, 0);
	pf->closed = false;
}

#endif /* _ZTNET_PEERFLOWS_H */
