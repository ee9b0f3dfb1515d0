/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: struct __kernel_timespec, which the UAPI headers define, and the
 * kernel's struct timespec64 and time constants.
 */
#ifndef ZTNET_KSHIM_LINUX_TIME64_H
#define ZTNET_KSHIM_LINUX_TIME64_H

#include <linux/time_types.h>
#include <linux/types.h>

#define MSEC_PER_SEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

#endif
