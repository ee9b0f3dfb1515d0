/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading devices from the kernel.  A device too big for one message
 * arrives as several consecutive GET_DEVICE replies that each repeat its
 * index and name and carry a further slice of its peers; a peer whose
 * allowed IPs did not fit continues in the next reply under the same
 * public key.  The collector joins the slices back into one device.
 */
#ifndef ZTNET_QUERY_H
#define ZTNET_QUERY_H

#include <stdbool.h>
#include <libmnl/libmnl.h>

#include "device.h"
#include "netlink.h"

struct ztnet_collect {
	/*
	 * Called with each complete device, which it may keep (by copying
	 * the struct) or wipe.  Returns false to fail the dump.
	 */
	bool (*flush)(struct ztnet_device *dev, void *arg);
	void *arg;
	struct ztnet_device current;
	bool have_current;
};

/*
 * The mnl_cb_t for each GET_DEVICE reply of a dump; collect is a
 * struct ztnet_collect.  Fails with errno EBADMSG on a malformed reply.
 */
int ztnet_collect_reply(const struct nlmsghdr *nlh, void *collect);

/* Flushes the last device after the dump; false if flush refused it. */
bool ztnet_collect_finish(struct ztnet_collect *collect);

/* Wipes a device left behind by a dump that failed. */
void ztnet_collect_discard(struct ztnet_collect *collect);

/*
 * Reads the device named ifname into dev over nl.  On failure prints one
 * line and returns the exit status, with dev wiped.
 */
int ztnet_query_device_nl(struct ztnet_nl *nl, const char *ifname,
			  struct ztnet_device *dev);

/*
 * The same, printing nothing: 0 or a negative errno, -ENODEV when no
 * such device was dumped, for callers that skip a device gone since
 * they listed it.
 */
int ztnet_query_device_raw(struct ztnet_nl *nl, const char *ifname,
			   struct ztnet_device *dev);

/* The same over a connection of its own. */
int ztnet_query_device(const char *ifname, struct ztnet_device *dev);

#endif /* ZTNET_QUERY_H */
