/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: sockets, as a type only. */
#ifndef ZTNET_KSHIM_NET_SOCK_H
#define ZTNET_KSHIM_NET_SOCK_H

struct sock;

#endif /* ZTNET_KSHIM_NET_SOCK_H */
