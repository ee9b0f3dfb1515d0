/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: nothing preempts a single-threaded test. */
#ifndef ZTNET_KSHIM_LINUX_PREEMPT_H
#define ZTNET_KSHIM_LINUX_PREEMPT_H

static inline void preempt_disable(void)
{
}

static inline void preempt_enable(void)
{
}

#endif /* ZTNET_KSHIM_LINUX_PREEMPT_H */
