/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: a mutex for single-threaded tests, which checks that it is not
 * taken twice or released unheld, and lets lockdep_is_held() answer.
 */
#ifndef ZTNET_KSHIM_LINUX_MUTEX_H
#define ZTNET_KSHIM_LINUX_MUTEX_H

#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/types.h>

struct mutex {
	bool held;
};

#define DEFINE_MUTEX(name) struct mutex name = { .held = false }

static inline void mutex_init(struct mutex *lock)
{
	lock->held = false;
}

static inline void mutex_lock(struct mutex *lock)
{
	KSHIM_CHECK(!lock->held, "mutex taken twice");
	lock->held = true;
}

static inline void mutex_unlock(struct mutex *lock)
{
	KSHIM_CHECK(lock->held, "mutex released but not held");
	lock->held = false;
}

static inline void mutex_destroy(struct mutex *lock)
{
	KSHIM_CHECK(!lock->held, "mutex destroyed while held");
}

#endif /* ZTNET_KSHIM_LINUX_MUTEX_H */
