/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A generic netlink conversation with one family: open a socket, resolve
 * the family, send requests, run a callback on each reply, and turn the
 * kernel's errors into ztnet's exit statuses.
 */
#ifndef ZTNET_NETLINK_H
#define ZTNET_NETLINK_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#define ZTNET_NL_SEND_SIZE	8192
/*
 * The buffer behind it: one rule of 512 specs, or a peer with 256
 * groups, needs a message of up to about 28 KiB on its own.
 */
#define ZTNET_NL_SEND_MAX	32768
/* Large enough for any dump message; a smaller buffer truncates them. */
#define ZTNET_NL_RECV_SIZE	32768
#define ZTNET_NL_EXT_ACK_SIZE	256

struct ztnet_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	/* The family's ZTNET_MCGRP_EVENTS multicast group, 0 if none. */
	uint32_t events_group;
	/* Set by ztnet_nl_talk when the error came from the kernel. */
	bool kernel_error;
	/* The extended ACK message of the last kernel error, or "". */
	char ext_ack[ZTNET_NL_EXT_ACK_SIZE];
	/* The extended ACK pointed at an attribute of the request. */
	bool ext_ack_has_offset;
	/* Both buffers may hold keys: ztnet_nl_close wipes them. */
	char send_buf[ZTNET_NL_SEND_MAX] __attribute__((aligned(8)));
	char recv_buf[ZTNET_NL_RECV_SIZE] __attribute__((aligned(8)));
};

/*
 * Opens a socket and resolves the generic netlink family of that name.
 * On failure prints one line and returns the exit status, with nothing
 * left to close.
 */
int ztnet_nl_open(struct ztnet_nl *nl, const char *family);

void ztnet_nl_close(struct ztnet_nl *nl);

/*
 * Starts a request for cmd of the family in nl->send_buf.  flags is
 * NLM_F_DUMP or 0; a request that is not a dump asks for an ACK, which
 * tells ztnet_nl_talk that the kernel has finished.
 */
struct nlmsghdr *ztnet_nl_request(struct ztnet_nl *nl, uint8_t cmd,
				  uint16_t flags);

/*
 * Sends req and runs cb on every reply until the kernel is done.  cb
 * returns MNL_CB_ERROR with errno set to fail.  Returns 0 or a negative
 * errno; see ztnet_nl_report.
 */
int ztnet_nl_talk(struct ztnet_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		  void *data);

/*
 * Prints one line for err, the result of ztnet_nl_talk, and returns the
 * exit status.  ifname is the device the request named, or NULL: only a
 * request that names a device can fail with "no such device".
 */
int ztnet_nl_report(const struct ztnet_nl *nl, int err, const char *ifname);

#endif /* ZTNET_NETLINK_H */
