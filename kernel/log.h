/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug messages, for an operator finding out why a peer is silent.  They
 * cost nothing until dynamic debug turns them on, and are rate limited
 * once on, so a flood of bad packets cannot flood the log.  Each names
 * what the operator can match: the device, the peer by its number (its
 * "id" in ztnet show --json), the peer's endpoint, and the address at
 * fault.  Documentation/debugging.rst lists them.
 */
#ifndef _ZTNET_LOG_H
#define _ZTNET_LOG_H

#include <linux/net.h>

#include "peer.h"

/* About a device. */
#define ztnet_dbg(zt, fmt, ...)						\
	net_dbg_ratelimited("%s: " fmt "\n", (zt)->dev->name, ##__VA_ARGS__)

/* About a peer, named by its number and endpoint as WireGuard's are. */
#define ztnet_peer_dbg(peer, fmt, ...)					\
	do {								\
		const struct ztnet_peer *__peer = (peer);		\
									\
		net_dbg_ratelimited("%s: peer %llu (%pISpfsc): " fmt "\n", \
				    __peer->device->dev->name,		\
				    __peer->internal_id,		\
				    &__peer->endpoint.addr, ##__VA_ARGS__); \
	} while (0)

/*
 * About a message from the network that no peer may have sent, named by
 * where it came from.  The source is worked out only when the message is
 * printed.
 */
#define ztnet_skb_dbg(zt, skb, fmt, ...)				\
	do {								\
		struct ztnet_endpoint __src;				\
									\
		net_dbg_ratelimited("%s: " fmt " from %pISpfsc\n",	\
				    (zt)->dev->name, ##__VA_ARGS__,	\
				    ztnet_log_skb_src(&__src, skb));	\
	} while (0)

const struct sockaddr *ztnet_log_skb_src(struct ztnet_endpoint *src,
					 const struct sk_buff *skb);

#endif /* _ZTNET_LOG_H */
