/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: timers, as a type only. */
#ifndef ZTNET_KSHIM_LINUX_TIMER_H
#define ZTNET_KSHIM_LINUX_TIMER_H

struct timer_list {
	unsigned long expires;
};

#endif /* ZTNET_KSHIM_LINUX_TIMER_H */
