/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_NETLINK_H
#define _ZTNET_NETLINK_H

int ztnet_genl_init(void);
void ztnet_genl_uninit(void);

#endif /* _ZTNET_NETLINK_H */
