/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <linux/socket.h> defines the address families; the
 * UAPI one, which system headers include, does not.
 */
#ifndef ZTNET_KSHIM_LINUX_SOCKET_H
#define ZTNET_KSHIM_LINUX_SOCKET_H

#include_next <linux/socket.h>
#include <sys/socket.h>

#endif /* ZTNET_KSHIM_LINUX_SOCKET_H */
