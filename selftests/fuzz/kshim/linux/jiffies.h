/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: jiffies at HZ=250, for what converts to them. */
#ifndef ZTNET_KSHIM_LINUX_JIFFIES_H
#define ZTNET_KSHIM_LINUX_JIFFIES_H

#include <linux/time64.h>
#include <linux/types.h>

#define HZ 250

static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return n / (NSEC_PER_SEC / HZ);
}

#endif /* ZTNET_KSHIM_LINUX_JIFFIES_H */
