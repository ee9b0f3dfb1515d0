/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: network namespaces, as a type only. */
#ifndef ZTNET_KSHIM_NET_NET_NAMESPACE_H
#define ZTNET_KSHIM_NET_NET_NAMESPACE_H

struct net {
	int id;
};

#endif /* ZTNET_KSHIM_NET_NET_NAMESPACE_H */
