/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_FLOWNL_H
#define _ZTNET_FLOWNL_H

#include <net/genetlink.h>

/* ZTNET_CMD_GET_FLOWS, a dump of one device's flows (uapi "Flows"). */
int ztnet_get_flows_start(struct netlink_callback *cb);
int ztnet_get_flows_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _ZTNET_FLOWNL_H */
