/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels ztnet builds on (Debian's 6.1 and 6.12).
 * Every difference is handled here, by feature and never by version
 * number; the rest of the code calls these helpers.
 */
#ifndef _ZTNET_COMPAT_H
#define _ZTNET_COMPAT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>

/*
 * The ZTNET_HAVE_* feature macros are set by Kbuild, which looks for each
 * feature in the headers of the kernel being built against:
 *
 * ZTNET_HAVE_DEV_LLTX		6.12 moved NETIF_F_LLTX into dev->lltx
 * ZTNET_HAVE_GENL_INFO_DUMP	6.6 put a struct genl_info in the dump state
 * ZTNET_HAVE_NET_GSO_H		6.5 moved skb_gso_segment() to net/gso.h
 */

#ifdef ZTNET_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

static inline void ztnet_compat_set_lltx(struct net_device *dev)
{
#ifdef ZTNET_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

static inline struct nlattr **ztnet_compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef ZTNET_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _ZTNET_COMPAT_H */
