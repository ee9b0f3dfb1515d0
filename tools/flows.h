/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ZTNET_FLOWS_H
#define ZTNET_FLOWS_H

#include <stdio.h>
#include <libmnl/libmnl.h>

#include "netlink.h"

struct ztnet_flows_output {
	FILE *out;
	const char *ifname;	/* starts every line when not NULL */
	unsigned long flows;	/* printed so far */
};

/*
 * The mnl_cb_t of each GET_FLOWS reply: prints its flows.  Fails with
 * errno EBADMSG on a malformed reply.
 */
int ztnet_flows_reply(const struct nlmsghdr *nlh, void *output);

/*
 * Dumps the flows of the device, again if a resize cut the dump, and
 * prints them once it is whole; 0 or a negative errno (ztnet_nl_talk).
 */
int ztnet_flows_dump(struct ztnet_nl *nl, const char *ifname,
		     struct ztnet_flows_output *output);

#endif /* ZTNET_FLOWS_H */
