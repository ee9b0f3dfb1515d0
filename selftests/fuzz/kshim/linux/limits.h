/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: U32_MAX and the other limits, which kshim's kernel.h has. */
#ifndef ZTNET_KSHIM_LINUX_LIMITS_H
#define ZTNET_KSHIM_LINUX_LIMITS_H

#include <linux/kernel.h>

#endif /* ZTNET_KSHIM_LINUX_LIMITS_H */
