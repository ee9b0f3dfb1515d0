// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the inner packet for the rules (see pktinfo.h).  Every read goes
 * through skb_header_pointer(), so that a packet shorter than its headers
 * claim, or spread over fragments of the skb, is read safely or refused.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "pktinfo.h"

/* IPv4's fragment field (RFC 791): more fragments, and the offset. */
#define ZTNET_IP_MF		0x2000
#define ZTNET_IP_OFFSET		0x1fff

/* IPv6's fragment header (RFC 8200, 4.5). */
struct ztnet_frag_hdr {
	u8 nexthdr;
	u8 reserved;
	__be16 frag_off;	/* offset in 8-byte units << 3, then M */
	__be32 id;
};

#define ZTNET_IP6_MF		0x0001
#define ZTNET_IP6_OFFSET	0xfff8

/* Bytes of each L4 header the rules or the flow table read. */
static unsigned int ztnet_l4_min(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 20;
	case IPPROTO_SCTP:
		return 12;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return 8;
	default:
		return 0;
	}
}

/* Read from a copy or an unaligned header: byte by byte, big-endian. */
static u16 ztnet_be16_at(const u8 *p)
{
	return p[0] << 8 | p[1];
}

/*
 * The L4 fields of a whole packet or a first fragment, of len bytes; the
 * fragment data of a first fragment starts at frag_data.
 */
static int ztnet_parse_l4(const struct sk_buff *skb, struct ztnet_pkt *pkt,
			  unsigned int len, unsigned int frag_data)
{
	u8 buf[8];
	const u8 *h;

	if (len < ztnet_l4_min(pkt->rule.proto))
		return -EINVAL;
	/* What a later fragment would rewrite: every header up to the ports. */
	if (pkt->frag == ZTNET_PKT_FIRST)
		pkt->frag_l4_end = pkt->l4_offset - frag_data +
				   ztnet_l4_min(pkt->rule.proto);
	if (!ztnet_l4_min(pkt->rule.proto))
		return 0;
	h = skb_header_pointer(skb, pkt->l4_offset, sizeof(buf), buf);
	if (!h)
		return -EINVAL;
	if (pkt->rule.proto == IPPROTO_ICMP || pkt->rule.proto == IPPROTO_ICMPV6) {
		pkt->rule.icmp_type = h[0];
		pkt->rule.icmp_code = h[1];
		if (ztnet_icmp_is_echo(pkt->rule.proto, h[0]))
			pkt->icmp_id = ztnet_be16_at(h + 4);
		return 0;
	}
	pkt->rule.sport = ztnet_be16_at(h);
	pkt->rule.dport = ztnet_be16_at(h + 2);
	return 0;
}

/*
 * A later fragment starting inside the L4 header could rewrite what the
 * rules saw in the first one: it must start at min or after.
 */
static int ztnet_later_fragment(struct ztnet_pkt *pkt, unsigned int offset,
				unsigned int min)
{
	if (offset < min)
		return -EINVAL;
	pkt->frag = ZTNET_PKT_LATER;
	pkt->frag_offset = offset;
	return 0;
}

static int ztnet_parse_ipv4(const struct sk_buff *skb, struct ztnet_pkt *pkt)
{
	struct iphdr buf;
	const struct iphdr *ip = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	unsigned int hlen, total, offset;

	if (!ip || ip->version != 4 || ip->ihl < 5)
		return -EINVAL;
	hlen = ip->ihl * 4;
	total = ntohs(ip->tot_len);
	if (total < hlen || total > skb->len)
		return -EINVAL;
	pkt->rule.family = AF_INET;
	pkt->rule.proto = ip->protocol;
	memcpy(&pkt->rule.src, &ip->saddr, sizeof(ip->saddr));
	memcpy(&pkt->rule.dst, &ip->daddr, sizeof(ip->daddr));
	pkt->frag_id = ntohs(ip->id);
	offset = (ntohs(ip->frag_off) & ZTNET_IP_OFFSET) * 8;
	/*
	 * IPv4 reassembles by protocol too, so this is the first fragment's;
	 * options precede the fragment data, which starts with the L4
	 * header: the first fragment's frag_l4_end is this same bound.
	 */
	if (offset)
		return ztnet_later_fragment(pkt, offset,
					    ztnet_l4_min(pkt->rule.proto));
	if (ip->frag_off & htons(ZTNET_IP_MF))
		pkt->frag = ZTNET_PKT_FIRST;
	pkt->l4_offset = hlen;
	return ztnet_parse_l4(skb, pkt, total - hlen, hlen);
}

/* The extension headers RFC 8200 defines that a walk steps over. */
static bool ztnet_is_exthdr(u8 nexthdr)
{
	return nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING ||
	       nexthdr == IPPROTO_FRAGMENT || nexthdr == IPPROTO_AH ||
	       nexthdr == IPPROTO_DSTOPTS;
}

/*
 * A fragment header at *offset; steps over it unless the packet is a later
 * fragment.  Its fragment data starts after it, at *frag_data.
 */
static int ztnet_ipv6_frag(const struct sk_buff *skb, struct ztnet_pkt *pkt,
			   unsigned int *offset, u8 *nexthdr,
			   unsigned int *frag_data)
{
	struct ztnet_frag_hdr buf;
	const struct ztnet_frag_hdr *fh;
	unsigned int frag_off;

	fh = skb_header_pointer(skb, *offset, sizeof(buf), &buf);
	if (!fh)
		return -EINVAL;
	pkt->frag_id = ntohl(fh->id);
	*nexthdr = fh->nexthdr;
	*offset += sizeof(*fh);
	*frag_data = *offset;
	frag_off = ntohs(fh->frag_off);
	/*
	 * IPv6 reassembles by addresses and id alone, and takes the next
	 * header from the first fragment (RFC 8200, 4.5): a later one's is
	 * whatever its sender wrote, so the bound is TCP's, the largest.
	 */
	if (frag_off & ZTNET_IP6_OFFSET) {
		pkt->rule.proto = fh->nexthdr;
		return ztnet_later_fragment(pkt, frag_off & ZTNET_IP6_OFFSET,
					    ztnet_l4_min(IPPROTO_TCP));
	}
	if (frag_off & ZTNET_IP6_MF)
		pkt->frag = ZTNET_PKT_FIRST;
	return 0;
}

/*
 * Any other extension header: its length is in its second byte.  A routing
 * header with segments left names a destination past the one the rules
 * would judge, and nothing ztnet carries needs one: such a packet is not
 * parsed, so enforce mode drops it whatever its type.
 */
static int ztnet_ipv6_exthdr(const struct sk_buff *skb, unsigned int *offset,
			     u8 *nexthdr)
{
	u8 buf[4];
	const u8 *h = skb_header_pointer(skb, *offset, sizeof(buf), buf);

	if (!h || (*nexthdr == IPPROTO_ROUTING && h[3]))
		return -EINVAL;
	*offset += *nexthdr == IPPROTO_AH ? (h[1] + 2) * 4 : (h[1] + 1) * 8;
	*nexthdr = h[0];
	return 0;
}

/*
 * Walks to the L4 header; stops early, with frag LATER, at a later
 * fragment.  *frag_data is where the last fragment header's data starts,
 * as the id is its.
 */
static int ztnet_ipv6_walk(const struct sk_buff *skb, struct ztnet_pkt *pkt,
			   unsigned int *offset, u8 *nexthdr,
			   unsigned int *frag_data)
{
	unsigned int n;
	int ret;

	for (n = 0; ztnet_is_exthdr(*nexthdr); n++) {
		if (n == ZTNET_PKT_MAX_EXTHDRS)
			return -EINVAL;
		if (*nexthdr == IPPROTO_FRAGMENT)
			ret = ztnet_ipv6_frag(skb, pkt, offset, nexthdr,
					      frag_data);
		else
			ret = ztnet_ipv6_exthdr(skb, offset, nexthdr);
		if (ret || pkt->frag == ZTNET_PKT_LATER)
			return ret;
	}
	return 0;
}

static int ztnet_parse_ipv6(const struct sk_buff *skb, struct ztnet_pkt *pkt)
{
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6 = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	unsigned int offset = sizeof(*ip6), end, frag_data = 0;
	u8 nexthdr;
	int ret;

	if (!ip6 || ip6->version != 6)
		return -EINVAL;
	end = sizeof(*ip6) + ntohs(ip6->payload_len);
	if (end > skb->len)
		return -EINVAL;
	pkt->rule.family = AF_INET6;
	pkt->rule.src = ip6->saddr;
	pkt->rule.dst = ip6->daddr;
	nexthdr = ip6->nexthdr;
	ret = ztnet_ipv6_walk(skb, pkt, &offset, &nexthdr, &frag_data);
	if (ret)
		return ret;
	/* Headers read past the payload length read padding: refused. */
	if (offset > end)
		return -EINVAL;
	if (pkt->frag == ZTNET_PKT_LATER)
		return 0;
	pkt->rule.proto = nexthdr;
	pkt->l4_offset = offset;
	return ztnet_parse_l4(skb, pkt, end - offset, frag_data);
}

int ztnet_pkt_parse(const struct sk_buff *skb, struct ztnet_pkt *pkt)
{
	u8 buf, *version = skb_header_pointer(skb, 0, 1, &buf);
	struct ztnet_rule_pkt keep = pkt->rule;

	memset(pkt, 0, sizeof(*pkt));
	pkt->rule.dir = keep.dir;
	pkt->rule.key = keep.key;
	pkt->rule.groups = keep.groups;
	pkt->rule.groups_len = keep.groups_len;
	if (!version)
		return -EINVAL;
	if (*version >> 4 == 4)
		return ztnet_parse_ipv4(skb, pkt);
	if (*version >> 4 == 6)
		return ztnet_parse_ipv6(skb, pkt);
	return -EINVAL;
}
