/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/ktime.h>; the clocks are in timekeeping.h. */
#ifndef ZTNET_KSHIM_LINUX_KTIME_H
#define ZTNET_KSHIM_LINUX_KTIME_H

#include <linux/timekeeping.h>

#endif /* ZTNET_KSHIM_LINUX_KTIME_H */
