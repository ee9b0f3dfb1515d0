// SPDX-License-Identifier: GPL-2.0
/*
 * Rejecting (reject.h) with the kernel's own builders of RSTs and ICMP
 * errors, the ones nftables' reject uses, so that the answers are what a
 * Linux host's firewall would send.
 */

#include <linux/icmp.h>
#include <linux/in.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "device.h"
#include "reject.h"
#include "send.h"
#include "uapi/ztnet.h"

/* The ICMP type of an unfragmented ICMP packet at offset, or -1. */
static int ztnet_reject_icmp_type(struct sk_buff *skb, int offset)
{
	u8 _type, *type = skb_header_pointer(skb, offset, 1, &_type);

	return type ? *type : -1;
}

/* An ICMP error is never answered (RFC 1122, RFC 4443 2.4 (e)). */
static bool ztnet_reject_v4_is_error(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	int type;

	if (iph->protocol != IPPROTO_ICMP)
		return false;
	type = ztnet_reject_icmp_type(skb, iph->ihl * 4);
	return type < 0 || icmp_is_err(type);
}

static struct sk_buff *ztnet_reject_v4(struct net *net, struct sk_buff *skb,
				       const struct net_device *dev)
{
	if (ztnet_reject_v4_is_error(skb))
		return NULL;
	if (ip_hdr(skb)->protocol == IPPROTO_TCP)
		return nf_reject_skb_v4_tcp_reset(net, skb, dev, NF_INET_LOCAL_IN);
	return nf_reject_skb_v4_unreach(net, skb, dev, NF_INET_LOCAL_IN,
					ICMP_PKT_FILTERED);
}

static struct sk_buff *ztnet_reject_v6(struct net *net, struct sk_buff *skb,
				       const struct net_device *dev)
{
	int thoff = sizeof(struct ipv6hdr);
	__be16 frag_off;
	u8 proto = ipv6_hdr(skb)->nexthdr;

	thoff = ipv6_skip_exthdr(skb, thoff, &proto, &frag_off);
	if (thoff < 0 || (frag_off & htons(~0x7)))
		return NULL;
	if (proto == IPPROTO_ICMPV6 &&
	    ztnet_reject_icmp_type(skb, thoff) < ICMPV6_INFOMSG_MASK)
		return NULL;
	if (proto == IPPROTO_TCP)
		return nf_reject_skb_v6_tcp_reset(net, skb, dev, NF_INET_LOCAL_IN);
	return nf_reject_skb_v6_unreach(net, skb, dev, NF_INET_LOCAL_IN,
					ICMPV6_ADM_PROHIBITED);
}

/* Nobody answers a packet to many (RFC 1122 3.2.2, RFC 4443 2.4 (e)). */
static bool ztnet_reject_to_many(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return ipv4_is_multicast(ip_hdr(skb)->daddr) ||
		       ipv4_is_lbcast(ip_hdr(skb)->daddr) ||
		       ipv4_is_zeronet(ip_hdr(skb)->saddr);
	return ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr);
}

/* The builders find the old packet by its network header. */
static struct sk_buff *ztnet_reject_build(struct ztnet_device *zt,
					  struct sk_buff *skb)
{
	struct net *net = dev_net(zt->dev);
	struct sk_buff *nskb = NULL;

	skb_reset_network_header(skb);
	if (ztnet_reject_to_many(skb))
		return NULL;
	if (skb->protocol == htons(ETH_P_IP))
		nskb = ztnet_reject_v4(net, skb, zt->dev);
	else if (skb->protocol == htons(ETH_P_IPV6))
		nskb = ztnet_reject_v6(net, skb, zt->dev);
	if (nskb)
		nskb->protocol = skb->protocol;
	return nskb;
}

/* Up the local stack, as if the peer had answered. */
static void ztnet_reject_deliver(struct ztnet_device *zt, struct sk_buff *nskb)
{
	nskb->dev = zt->dev;
	nskb->pkt_type = PACKET_HOST;
	nskb->ip_summed = CHECKSUM_UNNECESSARY;
	skb_reset_mac_header(nskb);
	skb_reset_transport_header(nskb);
	netif_rx(nskb);
}

void ztnet_reject(struct ztnet_device *zt, struct ztnet_peer *peer,
		  struct sk_buff *skb, u8 dir)
{
	struct sk_buff *nskb = ztnet_reject_build(zt, skb);

	if (!nskb)
		return;
	if (dir == ZTRULE_DIR_IN)
		ztnet_packet_send_to_peer(peer, nskb);
	else
		ztnet_reject_deliver(zt, nskb);
}
