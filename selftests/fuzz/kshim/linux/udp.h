/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct udphdr from the UAPI header, and udp_hdr(). */
#ifndef ZTNET_KSHIM_LINUX_UDP_H
#define ZTNET_KSHIM_LINUX_UDP_H

#include_next <linux/udp.h>
#include <linux/skbuff.h>

static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

#endif /* ZTNET_KSHIM_LINUX_UDP_H */
