/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: work items and queues, whose delays are in jiffies.  Nothing
 * runs in the background of a single-threaded test: delayed work is never
 * queued, so a test that wants it run calls the function itself.
 */
#ifndef ZTNET_KSHIM_LINUX_WORKQUEUE_H
#define ZTNET_KSHIM_LINUX_WORKQUEUE_H

#include <stdbool.h>
#include <linux/jiffies.h>

struct work_struct {
	void (*func)(struct work_struct *work);
};

struct delayed_work {
	struct work_struct work;
};

struct workqueue_struct;

#define system_power_efficient_wq ((struct workqueue_struct *)NULL)

#define INIT_DELAYED_WORK(dwork, fn) ((dwork)->work.func = (fn))

static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dwork,
				      unsigned long delay)
{
	(void)wq, (void)dwork, (void)delay;
	return true;
}

static inline bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	(void)dwork;
	return false;
}

#endif /* ZTNET_KSHIM_LINUX_WORKQUEUE_H */
