/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events of the microsegment policy, multicast to the family's "events"
 * group (uapi/ztnet.h, "Events"): what was accepted, denied or would
 * have been, revoked, over a cap, blocked as plaintext, flows that ended
 * and policies committed.  They are built only while someone listens,
 * and limited per device and CPU by a token bucket; the next event that
 * goes out says how many the bucket dropped before it.
 */
#ifndef _ZTNET_EVENT_H
#define _ZTNET_EVENT_H

#include <linux/types.h>

#include "rules.h"

struct ztnet_device;
struct ztnet_policy;

/* Events a CPU may send per second for a device, and in one burst. */
#define ZTNET_EVENTS_PER_SEC	1000
#define ZTNET_EVENTS_BURST	1000

struct ztnet_event {
	u8 type;		/* enum ztevent_type */
	u8 reason;		/* enum ztdrop_reason, or 0 */
	u32 rule;		/* the rule's number, 0 for the default */
	const char *rule_name;	/* or NULL */
	/* The packet, its direction and its peer's key; pkt may be NULL. */
	const struct ztnet_rule_pkt *pkt;
	const u8 *key;		/* or NULL */
	/* For the peer's group names; NULL: none are sent. */
	const struct ztnet_policy *policy;
	/* ZTEVENT_FLOW_END: original direction [0] and replies [1]. */
	u64 packets[2];
	u64 bytes[2];
	u64 duration_ms;
	u64 generation;		/* ZTEVENT_POLICY_COMMIT */
};

/*
 * Sends one event, if anyone listens and the bucket allows.  Any context
 * but hard interrupts; never sleeps.  The caller holds what the event
 * points to (under RCU, for a policy) for the call.
 */
void ztnet_event_send(struct ztnet_device *zt, const struct ztnet_event *ev);

int ztnet_event_init(struct ztnet_device *zt);
void ztnet_event_uninit(struct ztnet_device *zt);

#endif /* _ZTNET_EVENT_H */
