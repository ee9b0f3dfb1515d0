/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_CONFIG_H
#define _ZTNET_CONFIG_H

#include <net/genetlink.h>

struct ztnet_device;

int ztnet_config_set(struct ztnet_device *zt, const struct sock *sk,
		     struct genl_info *info);
void ztnet_config_clear(struct ztnet_device *zt);

#endif /* _ZTNET_CONFIG_H */
