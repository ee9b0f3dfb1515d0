/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: single-threaded tests have nothing to yield to. */
#ifndef ZTNET_KSHIM_LINUX_SCHED_H
#define ZTNET_KSHIM_LINUX_SCHED_H

static inline void cond_resched(void)
{
}

#endif /* ZTNET_KSHIM_LINUX_SCHED_H */
