/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What only a debug build (make ZTNET_DEBUG=1) has: a faster protocol
 * clock, delays that hold a race window open long enough for a test to
 * hit it, a hold on the flow tables' expiry work, failures that are hard
 * to bring about otherwise, and checks of what must never go on the wire.
 * A release build has none of it and pays nothing for it.
 */
#ifndef _ZTNET_DEBUG_H
#define _ZTNET_DEBUG_H

#include <linux/skbuff.h>

/*
 * The points a debug build can be told to sleep at, each a writable module
 * parameter in milliseconds (0, the default, is no delay).
 */
enum ztnet_delay_point {
	/* An initiation's work item, before it looks at its peer. */
	ZTNET_DELAY_HANDSHAKE_SEND,
	/* The handshake worker, before each message it takes. */
	ZTNET_DELAY_HANDSHAKE_RECEIVE,
	/* SET_DEVICE, holding the device but not yet RTNL. */
	ZTNET_DELAY_SET_DEVICE,
	/* A commit's policy build, under the device's policy lock. */
	ZTNET_DELAY_POLICY_BUILD,
	ZTNET_DELAY_COUNT
};

#ifdef ZTNET_DEBUG
extern unsigned int ztnet_time_divisor;

void ztnet_debug_delay(enum ztnet_delay_point point);
void ztnet_debug_check_padding(const struct sk_buff *skb, unsigned int len);
bool ztnet_debug_flow_expiry_held(void);
/* Whether the plaintext lockdown's hooks are to fail, as if out of memory. */
bool ztnet_debug_fail_lockdown(void);
#else
static inline void ztnet_debug_delay(enum ztnet_delay_point point)
{
}

static inline void ztnet_debug_check_padding(const struct sk_buff *skb,
					     unsigned int len)
{
}

static inline bool ztnet_debug_flow_expiry_held(void)
{
	return false;
}

static inline bool ztnet_debug_fail_lockdown(void)
{
	return false;
}
#endif

#endif /* _ZTNET_DEBUG_H */
