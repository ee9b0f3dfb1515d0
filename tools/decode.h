/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink messages into a struct ztnet_device (decode.c): the replies the
 * tool reads, and the requests its tests read back.
 */
#ifndef ZTNET_DECODE_H
#define ZTNET_DECODE_H

#include <stdbool.h>
#include <libmnl/libmnl.h>

#include "device.h"

/*
 * Parses one GET_DEVICE reply into dev.  Returns false, with dev wiped,
 * if the message is malformed: an attribute of the wrong length, a name
 * without its NUL, no name at all, a peer without a public key, or an
 * allowed IP that is not a whole address and prefix.
 */
bool ztnet_device_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev);

/*
 * Parses one SET_DEVICE request, as the encoder writes it, into dev,
 * flags included.  The tool never receives one: this is for the tests
 * and fuzz targets that check the encoder by decoding what it wrote.
 */
bool ztnet_request_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev);

#endif /* ZTNET_DECODE_H */
