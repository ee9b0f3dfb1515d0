/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_RATELIMITER_H
#define _ZTNET_RATELIMITER_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>

/*
 * Handshake messages cost a Curve25519 operation each; a source address
 * (an IPv6 /64 counts as one source) may ask for only so many a second.
 * One table serves every device; it is created with the first device.
 */
int ztnet_ratelimiter_init(void);
void ztnet_ratelimiter_uninit(void);
bool ztnet_ratelimiter_allow(struct sk_buff *skb, struct net *net);

#endif /* _ZTNET_RATELIMITER_H */
