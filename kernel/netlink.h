/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_NETLINK_H
#define _ZTNET_NETLINK_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>

int ztnet_genl_init(void);
void ztnet_genl_uninit(void);

/* Events (event.c): whether anyone listens, a message's header, sending. */
bool ztnet_genl_event_listeners(struct net *net);
void *ztnet_genl_event_header(struct sk_buff *skb);
void ztnet_genl_event_multicast(struct net *net, struct sk_buff *skb);

#endif /* _ZTNET_NETLINK_H */
