/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_TIMERS_H
#define _ZTNET_TIMERS_H

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "debug.h"
#include "messages.h"

struct ztnet_peer;

/*
 * Protocol time.  A debug build (make ZTNET_DEBUG=1) lets tests run the
 * protocol's clock faster through the module parameter time_divisor;
 * release builds have no such knob and use the protocol's constants.
 */
#ifdef ZTNET_DEBUG
#define ZTNET_NSECS(s)	((u64)(s) * NSEC_PER_SEC / ztnet_time_divisor)
#else
#define ZTNET_NSECS(s)	((u64)(s) * NSEC_PER_SEC)
#endif
#define ZTNET_JIFFIES(s) nsecs_to_jiffies(ZTNET_NSECS(s))

static inline u64 ztnet_now(void)
{
	return ktime_get_coarse_boottime_ns();
}

/* True once seconds of protocol time have passed since birthdate. */
static inline bool ztnet_has_expired(u64 birthdate, u64 seconds)
{
	return (s64)(birthdate + ZTNET_NSECS(seconds) - ztnet_now()) <= 0;
}

void ztnet_timers_init(struct ztnet_peer *peer);
void ztnet_timers_stop(struct ztnet_peer *peer);
bool ztnet_timers_data_sent(struct ztnet_peer *peer);
void ztnet_timers_data_unsent(struct ztnet_peer *peer);
void ztnet_timers_data_received(struct ztnet_peer *peer);
void ztnet_timers_any_authenticated_packet_sent(struct ztnet_peer *peer);
void ztnet_timers_any_authenticated_packet_received(struct ztnet_peer *peer);
void ztnet_timers_handshake_initiated(struct ztnet_peer *peer);
void ztnet_timers_handshake_complete(struct ztnet_peer *peer);
void ztnet_timers_session_derived(struct ztnet_peer *peer);
void ztnet_timers_any_authenticated_packet_traversal(struct ztnet_peer *peer);

#endif /* _ZTNET_TIMERS_H */
