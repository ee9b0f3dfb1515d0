/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending a configuration to the kernel: the messages of encode.c, one at
 * a time, each acknowledged before the next is sent.
 */
#ifndef ZTNET_APPLY_H
#define ZTNET_APPLY_H

#include "device.h"
#include "netlink.h"

/*
 * Sends dev, whose endpoints must be resolved.  On failure prints one
 * line and returns the exit status.  A configuration split over several
 * messages that fails part way leaves the earlier messages applied, as
 * with wg(8).
 */
int ztnet_apply_nl(struct ztnet_nl *nl, const struct ztnet_device *dev);

/*
 * The same, printing nothing: 0, a negative errno for ztnet_nl_report,
 * or -EMSGSIZE with nl->kernel_error clear if dev cannot be encoded.
 */
int ztnet_apply_send(struct ztnet_nl *nl, const struct ztnet_device *dev);

/* ztnet_apply_nl() on a socket of its own, as set and up send a device. */
int ztnet_apply(const struct ztnet_device *dev);

#endif /* ZTNET_APPLY_H */
