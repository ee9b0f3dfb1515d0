/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: jiffies at HZ=250, for what converts to them, and the clock
 * itself, which tests set (in random.c, with the other clocks).
 */
#ifndef ZTNET_KSHIM_LINUX_JIFFIES_H
#define ZTNET_KSHIM_LINUX_JIFFIES_H

#include <linux/time64.h>
#include <linux/types.h>

#define HZ 250

extern unsigned long jiffies;

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)

static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return n / (NSEC_PER_SEC / HZ);
}

#endif /* ZTNET_KSHIM_LINUX_JIFFIES_H */
