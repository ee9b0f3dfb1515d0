/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ZTNET_SYNC_H
#define ZTNET_SYNC_H

#include "device.h"

/*
 * Turns file, a configuration parsed for `setconf`, into the request of
 * `syncconf`, given the device's runtime configuration, as `wg syncconf`
 * does: instead of replacing every peer, remove only the running peers
 * that file does not list, so that the others keep their sessions.
 * Pure; runtime is not changed.
 */
void ztnet_sync_plan(struct ztnet_device *file,
		     const struct ztnet_device *runtime);

#endif /* ZTNET_SYNC_H */
