/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_VALIDATE_H
#define _ZTNET_VALIDATE_H

#include <net/netlink.h>

#include "uapi/ztnet.h"

int ztnet_validate_set(struct nlattr **attrs, struct netlink_ext_ack *extack);

static inline u32 ztnet_peer_flags(struct nlattr **tb)
{
	return tb[ZTPEER_A_FLAGS] ? nla_get_u32(tb[ZTPEER_A_FLAGS]) : 0;
}

static inline u32 ztnet_allowedip_flags(struct nlattr **tb)
{
	return tb[ZTALLOWEDIP_A_FLAGS] ? nla_get_u32(tb[ZTALLOWEDIP_A_FLAGS]) : 0;
}

#endif /* _ZTNET_VALIDATE_H */
