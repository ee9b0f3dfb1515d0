/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: struct __kernel_timespec, which the UAPI headers define. */
#ifndef ZTNET_KSHIM_LINUX_TIME64_H
#define ZTNET_KSHIM_LINUX_TIME64_H

#include <linux/time_types.h>

#endif
