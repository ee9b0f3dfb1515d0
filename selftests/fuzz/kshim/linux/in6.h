/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct in6_addr and struct sockaddr_in6, from the C library. */
#ifndef ZTNET_KSHIM_LINUX_IN6_H
#define ZTNET_KSHIM_LINUX_IN6_H

#include <netinet/in.h>

#endif
