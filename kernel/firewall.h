/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The microsegment firewall of the data path: judges every inner packet,
 * at the two points where allowed-IPs are checked (send.c before
 * encryption, receive.c after decryption and the source check), against
 * the flow table and, for a new flow, the policy in force (policy.h).
 */
#ifndef _ZTNET_FIREWALL_H
#define _ZTNET_FIREWALL_H

#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

#include "uapi/ztnet.h"

struct ztnet_device;
struct ztnet_peer;

/* Per CPU: packets dropped, and let through by audit mode, per reason. */
struct ztnet_fw_stats {
	u64 dropped[__ZTDROP_LAST];
	u64 would_drop[__ZTDROP_LAST];
	struct u64_stats_sync syncp;
};

/*
 * Whether the packet may go on, to @peer (out) or from it (in).  A packet
 * that may not is the caller's to free, and is counted here.  Softirq or
 * process context with BHs off; never sleeps.
 */
bool ztnet_fw_out(struct ztnet_device *zt, struct ztnet_peer *peer,
		  struct sk_buff *skb);
bool ztnet_fw_in(struct ztnet_device *zt, struct ztnet_peer *peer,
		 struct sk_buff *skb);

/* The module's flow cache; init may sleep. */
int ztnet_fw_module_init(void);
/* After rcu_barrier(): no flow waits for its grace period. */
void ztnet_fw_module_uninit(void);

/* The device's flow table and counters; init may sleep. */
int ztnet_fw_init(struct ztnet_device *zt);
/* After the data path stopped: no packet can reach the table any more. */
void ztnet_fw_uninit(struct ztnet_device *zt);

struct ztnet_flow;

/*
 * Reports a flow that ends, while its peer still lives: called once per
 * flow, by whoever takes it out of the table.  Any context.
 */
void ztnet_fw_flow_ended(struct ztnet_device *zt, const struct ztnet_flow *flow);

/* Unlinks the peer's flows; called as the peer dies, before it is freed. */
void ztnet_fw_peer_gone(struct ztnet_peer *peer);

/* For GET_DEVICE. */
void ztnet_fw_stats_sum(struct ztnet_device *zt, u64 dropped[__ZTDROP_LAST],
			u64 would_drop[__ZTDROP_LAST]);
u32 ztnet_fw_flow_count(struct ztnet_device *zt);

#endif /* _ZTNET_FIREWALL_H */
