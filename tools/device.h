/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ztnet device as ZTNET_CMD_GET_DEVICE describes it, parsed from a
 * reply and printed the way `ztnet show` prints it.  No I/O besides the
 * FILE given to the printer, so the unit tests can feed it messages.
 */
#ifndef ZTNET_DEVICE_H
#define ZTNET_DEVICE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include <ztnet.h>

struct ztnet_device {
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	bool has_private_key;
	bool has_public_key;
	bool has_listen_port;
	bool has_fwmark;
	uint8_t private_key[ZTNET_KEY_LEN];
	uint8_t public_key[ZTNET_KEY_LEN];
	uint16_t listen_port;
	uint32_t fwmark;
};

/*
 * Parses one GET_DEVICE reply into dev.  Returns false, with dev wiped,
 * if the message is malformed: an attribute of the wrong length, a name
 * without its NUL, or no name at all.
 */
bool ztnet_device_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev);

/* Prints "interface: <name>" and the indented lines of `ztnet show`. */
void ztnet_device_print(FILE *out, const struct ztnet_device *dev);

/* Wipes dev, which may hold a private key. */
void ztnet_device_wipe(struct ztnet_device *dev);

#endif /* ZTNET_DEVICE_H */
