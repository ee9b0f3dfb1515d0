/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct iphdr from the UAPI header, and ip_hdr(). */
#ifndef ZTNET_KSHIM_LINUX_IP_H
#define ZTNET_KSHIM_LINUX_IP_H

#include_next <linux/ip.h>
#include <linux/skbuff.h>

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

#endif /* ZTNET_KSHIM_LINUX_IP_H */
