/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a flow's state moves with its packets, and which idle timeout each
 * state takes: pure functions, apart from the table, so that the fuzzer
 * can hold them to a reference (selftests/fuzz/fuzz-flowstate.c).
 */
#ifndef _ZTNET_FLOWSTATE_H
#define _ZTNET_FLOWSTATE_H

#include <linux/in.h>
#include <linux/types.h>

#include "uapi/ztnet.h"

/* TCP's flags byte (RFC 9293), as the flow table reads it. */
#define ZTNET_TCP_FIN	0x01
#define ZTNET_TCP_SYN	0x02
#define ZTNET_TCP_RST	0x04
#define ZTNET_TCP_ACK	0x10

/*
 * TCP: a SYN opens, an ACK from the other side establishes, a FIN or an
 * RST either way closes, and nothing reopens a closing flow.
 */
static inline u32 ztnet_tcp_next(u32 state, u8 reply, u8 flags)
{
	if (flags & (ZTNET_TCP_FIN | ZTNET_TCP_RST) ||
	    state == ZTFLOW_STATE_CLOSING)
		return ZTFLOW_STATE_CLOSING;
	if (reply && (flags & ZTNET_TCP_ACK))
		return ZTFLOW_STATE_ESTABLISHED;
	if (!reply && state == ZTFLOW_STATE_NEW && (flags & ZTNET_TCP_SYN))
		return ZTFLOW_STATE_OPENING;
	return state;
}

/* Anything else is established once the other side answers. */
static inline u32 ztnet_flow_next(u8 proto, u32 state, u8 reply, u8 tcp_flags)
{
	if (proto == IPPROTO_TCP)
		return ztnet_tcp_next(state, reply, tcp_flags);
	return reply ? ZTFLOW_STATE_ESTABLISHED : state;
}

/* The enum ztflow_timeout a flow in @state takes. */
static inline unsigned int ztnet_flow_timeout_kind(u8 proto, u32 state)
{
	switch (proto) {
	case IPPROTO_TCP:
		if (state == ZTFLOW_STATE_ESTABLISHED)
			return ZTTIMEOUT_A_TCP_ESTABLISHED;
		if (state == ZTFLOW_STATE_CLOSING)
			return ZTTIMEOUT_A_TCP_CLOSING;
		return ZTTIMEOUT_A_TCP_OPENING;
	case IPPROTO_UDP:
		return ZTTIMEOUT_A_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return ZTTIMEOUT_A_ICMP;
	default:
		return ZTTIMEOUT_A_OTHER;
	}
}

#endif /* _ZTNET_FLOWSTATE_H */
