/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ZTNET_CONFPRINT_H
#define ZTNET_CONFPRINT_H

#include <stdio.h>

#include "device.h"

/*
 * Prints dev in the configuration format that `setconf` reads, exactly as
 * `wg showconf` prints it: private key included, no runtime statistics.
 */
void ztnet_conf_print(FILE *out, const struct ztnet_device *dev);

#endif /* ZTNET_CONFPRINT_H */
