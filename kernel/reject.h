/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The answer to a packet that a reject rule stopped: a TCP RST for TCP,
 * ICMP "communication administratively prohibited" (ICMPv6: "administratively
 * prohibited") for the rest, so that the sender learns at once instead of
 * timing out.  It goes back the way the packet came: through the tunnel to
 * the peer for an "in" packet, up the local stack for an "out" one.
 */
#ifndef _ZTNET_REJECT_H
#define _ZTNET_REJECT_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct ztnet_device;
struct ztnet_peer;

/*
 * Answers @skb, the inner IP packet at skb->data, which stays the
 * caller's to free, and must not be shared.  dir is enum
 * ztrule_direction.  Softirq, or process context with BHs off.  No
 * answer to an ICMP error, a RST, a later fragment, a packet to a
 * multicast or broadcast address or one that fails its checksum.
 */
void ztnet_reject(struct ztnet_device *zt, struct ztnet_peer *peer,
		  struct sk_buff *skb, u8 dir);

#endif /* _ZTNET_REJECT_H */
