/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: nothing of it is needed. */
#ifndef ZTNET_KSHIM_NET_RTNETLINK_H
#define ZTNET_KSHIM_NET_RTNETLINK_H

#endif /* ZTNET_KSHIM_NET_RTNETLINK_H */
