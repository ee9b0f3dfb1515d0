/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ZTNET_CMD_EVENT message (uapi/ztnet.h, "Events") as one line of
 * `ztnet monitor`.  The text form is key=value pairs after the time,
 * device and event type:
 *
 *   2026-12-05T04:33:36.123456789Z zt0 flow-deny peer=KEY groups=web,prod
 *       dir=in proto=6 src=10.0.0.2 sport=40000 dst=10.0.0.5 dport=22
 *       rule=0 reason=no-rule
 *
 * and the JSON form one object with the same keys ("time_ns" a number).
 * Pure: the message in, a line out, so the tests can feed it anything.
 */
#ifndef ZTNET_EVENT_H
#define ZTNET_EVENT_H

#include <stdbool.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

enum ztnet_event_result {
	ZTNET_EVENT_PRINTED,
	ZTNET_EVENT_FILTERED,	/* of another device */
	ZTNET_EVENT_MALFORMED,	/* nothing printed */
};

/* Prints the event as one line, unless ifname is set and it is another's. */
enum ztnet_event_result ztnet_event_print(FILE *out,
					  const struct nlmsghdr *nlh,
					  const char *ifname, bool json);

#endif /* ZTNET_EVENT_H */
