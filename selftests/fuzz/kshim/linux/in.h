/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct in_addr and struct sockaddr_in, from the C library. */
#ifndef ZTNET_KSHIM_LINUX_IN_H
#define ZTNET_KSHIM_LINUX_IN_H

#include <netinet/in.h>

#endif
