// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the flow state machine (kernel/flowstate.h, compiled unchanged
 * against kshim/).  The input is a protocol and then packets, one byte
 * each: the top bit says which way, the rest are TCP flags.  A reference
 * that decides the state from the whole history, not step by step, must
 * agree after every packet: closing once any FIN or RST was seen (TCP),
 * else established once the other side answered (with an ACK, for TCP),
 * else opening once the first side sent a SYN (TCP), else new.  The state
 * never goes back, and its timeout is the one of its kind.
 */
#include <stdint.h>
#include <stdlib.h>

#include "flowstate.h"

struct history {
	bool closed, answered, syn;
};

static uint32_t ref_state(const struct history *h)
{
	if (h->closed)
		return ZTFLOW_STATE_CLOSING;
	if (h->answered)
		return ZTFLOW_STATE_ESTABLISHED;
	if (h->syn)
		return ZTFLOW_STATE_OPENING;
	return ZTFLOW_STATE_NEW;
}

static void ref_see(struct history *h, uint8_t proto, uint8_t reply,
		    uint8_t flags)
{
	if (proto != IPPROTO_TCP) {
		h->answered |= reply;
		return;
	}
	h->closed |= !!(flags & (ZTNET_TCP_FIN | ZTNET_TCP_RST));
	h->answered |= reply && (flags & ZTNET_TCP_ACK);
	h->syn |= !reply && (flags & ZTNET_TCP_SYN);
}

static unsigned int ref_kind(uint8_t proto, uint32_t state)
{
	if (proto == IPPROTO_TCP)
		return state == ZTFLOW_STATE_ESTABLISHED ? ZTTIMEOUT_A_TCP_ESTABLISHED :
		       state == ZTFLOW_STATE_CLOSING ? ZTTIMEOUT_A_TCP_CLOSING :
		       ZTTIMEOUT_A_TCP_OPENING;
	if (proto == IPPROTO_UDP)
		return ZTTIMEOUT_A_UDP;
	if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6)
		return ZTTIMEOUT_A_ICMP;
	return ZTTIMEOUT_A_OTHER;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct history h = { 0 };
	uint32_t state = ZTFLOW_STATE_NEW, next;
	uint8_t proto;
	size_t i;

	if (!size)
		return 0;
	proto = data[0];
	for (i = 1; i < size; i++) {
		uint8_t reply = data[i] >> 7, flags = data[i] & 0x7f;

		/* The first packet makes the flow: it is always the first side's. */
		if (i == 1)
			reply = 0;
		/* Other protocols have no flags: the kernel passes 0. */
		if (proto != IPPROTO_TCP)
			flags = 0;
		next = ztnet_flow_next(proto, state, reply, flags);
		ref_see(&h, proto, reply, flags);
		if (next != ref_state(&h) || next < state)
			abort();
		state = next;
		if (ztnet_flow_timeout_kind(proto, state) != ref_kind(proto, state))
			abort();
	}
	return 0;
}
