/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's clocks, which tests set: kshim_boottime_ns is the
 * boot time clock, kshim_realtime the wall clock.  Both stay where the
 * test puts them, so a run replays exactly.
 */
#ifndef ZTNET_KSHIM_LINUX_TIMEKEEPING_H
#define ZTNET_KSHIM_LINUX_TIMEKEEPING_H

#include <linux/time64.h>
#include <linux/types.h>

/* In random.c, with the other state that makes a run repeatable. */
extern u64 kshim_boottime_ns;
extern struct timespec64 kshim_realtime;

static inline u64 ktime_get_coarse_boottime_ns(void)
{
	return kshim_boottime_ns;
}

static inline u64 ktime_get_boottime_ns(void)
{
	return kshim_boottime_ns;
}

static inline void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = kshim_realtime;
}

#endif /* ZTNET_KSHIM_LINUX_TIMEKEEPING_H */
