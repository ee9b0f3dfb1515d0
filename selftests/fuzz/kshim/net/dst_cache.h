/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the route cache of an endpoint, as a type only. */
#ifndef ZTNET_KSHIM_NET_DST_CACHE_H
#define ZTNET_KSHIM_NET_DST_CACHE_H

struct dst_cache {
	void *cache;
};

#endif /* ZTNET_KSHIM_NET_DST_CACHE_H */
