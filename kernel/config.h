/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_CONFIG_H
#define _ZTNET_CONFIG_H

#include <net/netlink.h>

struct ztnet_device;

int ztnet_config_apply(struct ztnet_device *zt, struct nlattr **attrs,
		       struct netlink_ext_ack *extack);
void ztnet_config_clear(struct ztnet_device *zt);

#endif /* _ZTNET_CONFIG_H */
