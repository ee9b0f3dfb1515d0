/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GET_DEVICE's share of the policy (uapi/ztnet.h, "Policy"): its settings
 * in a dump's first message, each peer's groups, and the rules after the
 * peers, as many per message as fit.  Under update_lock.
 */
#ifndef _ZTNET_POLNL_H
#define _ZTNET_POLNL_H

#include <linux/skbuff.h>

#include "uapi/ztnet.h"

struct ztnet_device;

int ztnet_polnl_put_settings(struct sk_buff *skb, struct ztnet_device *zt);
int ztnet_polnl_put_groups(struct sk_buff *skb, struct ztnet_device *zt,
			   const u8 key[ZTNET_KEY_LEN]);
/* 0 when every rule from *next on is out, -EMSGSIZE when the message is full. */
int ztnet_polnl_put_rules(struct sk_buff *skb, struct ztnet_device *zt, u32 *next);

#endif /* _ZTNET_POLNL_H */
