/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct ipv6hdr from the UAPI header, and ipv6_hdr(). */
#ifndef ZTNET_KSHIM_LINUX_IPV6_H
#define ZTNET_KSHIM_LINUX_IPV6_H

#include <linux/in6.h>
#include_next <linux/ipv6.h>
#include <linux/skbuff.h>

static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_network_header(skb);
}

#endif /* ZTNET_KSHIM_LINUX_IPV6_H */
