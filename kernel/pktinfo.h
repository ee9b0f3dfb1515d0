/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rules and the flow table look at in an inner packet: its
 * addresses, its protocol and the start of its L4 header, found through
 * IPv6 extension headers, and whether it is a fragment.
 *
 * A fragment after the first has no L4 header: it goes where its first
 * fragment went, and the caller tracks that by (addresses, protocol,
 * fragment id) for IPv4, by (addresses, fragment id) for IPv6, whose
 * receivers ignore a later fragment's next header (its proto here is
 * only what it claims).  What could smuggle a port past a rule is
 * refused:
 *   - a first fragment too short for the L4 header it names (RFC 7112),
 *   - a later fragment whose offset reaches into that header (RFC 1858's
 *     overlap, which would rewrite the ports or flags the rules saw):
 *     for IPv6, into the largest one, TCP's, whatever it claims,
 *   - more extension headers than ZTNET_PKT_MAX_EXTHDRS,
 * as is anything truncated or malformed.  An IPv6 first fragment may have
 * extension headers after its fragment header, which put its L4 header
 * further into the fragment data than a later fragment alone can tell:
 * a first fragment says where in its data the L4 header ends
 * (frag_l4_end), a later one where its data starts (frag_offset), and
 * the caller, who keeps the first's, refuses a later one below it.
 */
#ifndef _ZTNET_PKTINFO_H
#define _ZTNET_PKTINFO_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include "rules.h"

#define ZTNET_PKT_MAX_EXTHDRS	8

enum ztnet_pkt_frag {
	ZTNET_PKT_WHOLE,	/* not a fragment */
	ZTNET_PKT_FIRST,	/* the first fragment: its L4 header is here */
	ZTNET_PKT_LATER,	/* a later fragment: no L4 header */
};

struct ztnet_pkt {
	struct ztnet_rule_pkt rule;	/* family, proto, addresses, ports */
	u8 frag;			/* enum ztnet_pkt_frag */
	u32 frag_id;			/* IPv4's 16 bits, or IPv6's 32 */
	u16 icmp_id;			/* of an ICMP echo request or reply */
	unsigned int l4_offset;		/* from skb->data, when not LATER */
	/*
	 * In the fragment data, from its start: a FIRST's bytes up to the
	 * end of its L4 header, and where a LATER's data goes.
	 */
	unsigned int frag_l4_end;
	unsigned int frag_offset;
};

/* An ICMP or ICMPv6 echo, request or reply: the messages with an id. */
static inline bool ztnet_icmp_is_echo(u8 proto, u8 type)
{
	if (proto == IPPROTO_ICMP)
		return type == ICMP_ECHO || type == ICMP_ECHOREPLY;
	return proto == IPPROTO_ICMPV6 &&
	       (type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY);
}

/*
 * Fills pkt from the IP packet at skb->data (the rule fields dir, key and
 * groups are the caller's).  0, or -EINVAL for a packet to drop.
 */
int ztnet_pkt_parse(const struct sk_buff *skb, struct ztnet_pkt *pkt);

#endif /* _ZTNET_PKTINFO_H */
