/* SPDX-License-Identifier: GPL-2.0 */
/* A struct ztnet_device as `wg show` prints one (pretty.c). */
#ifndef ZTNET_PRETTY_H
#define ZTNET_PRETTY_H

#include <stdio.h>
#include <time.h>

#include "device.h"

/*
 * Prints dev as `wg show` does, without colours: "interface: <name>",
 * indented lines for the device, then each peer after an empty line.
 * now is the time the latest handshakes are measured from.
 */
void ztnet_device_print_at(FILE *out, const struct ztnet_device *dev,
			   time_t now);

/* ztnet_device_print_at with the current time. */
void ztnet_device_print(FILE *out, const struct ztnet_device *dev);

#endif /* ZTNET_PRETTY_H */
