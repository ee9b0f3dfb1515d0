/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: work items and queues, as types only. */
#ifndef ZTNET_KSHIM_LINUX_WORKQUEUE_H
#define ZTNET_KSHIM_LINUX_WORKQUEUE_H

struct work_struct {
	void (*func)(struct work_struct *work);
};

struct workqueue_struct;

#endif /* ZTNET_KSHIM_LINUX_WORKQUEUE_H */
