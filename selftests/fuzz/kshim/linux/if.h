/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: IFNAMSIZ for kernel/nlpolicy.c, from the C library. */
#ifndef ZTNET_KSHIM_LINUX_IF_H
#define ZTNET_KSHIM_LINUX_IF_H

#include <net/if.h>

#endif
