/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: spinlocks and reader-writer spinlocks for single-threaded tests.
 * Taking one that is held would deadlock, so the shim stops there; the
 * _bh variants also open an RCU-bh read-side section, as disabling bottom
 * halves does in the kernel.
 */
#ifndef ZTNET_KSHIM_LINUX_SPINLOCK_H
#define ZTNET_KSHIM_LINUX_SPINLOCK_H

#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

typedef struct {
	bool held;
} spinlock_t;

typedef struct {
	int readers;
	bool writer;
} rwlock_t;

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->held = false;
}

/*
 * A test's stand-in for another CPU: when set, spin_lock() calls it before
 * taking the lock, as if the caller were preempted just there while the
 * other CPU ran.  NULL unless a test sets it.  It lives in rcupdate.c,
 * which every user of these locks links already.
 */
extern void (*kshim_spin_lock_hook)(spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	if (kshim_spin_lock_hook)
		kshim_spin_lock_hook(lock);
	KSHIM_CHECK(!lock->held, "spinlock taken twice");
	lock->held = true;
}

static inline void spin_unlock(spinlock_t *lock)
{
	KSHIM_CHECK(lock->held, "spinlock released but not held");
	lock->held = false;
}

static inline void spin_lock_bh(spinlock_t *lock)
{
	rcu_read_lock_bh();
	spin_lock(lock);
}

static inline void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
	rcu_read_unlock_bh();
}

static inline void rwlock_init(rwlock_t *lock)
{
	lock->readers = 0;
	lock->writer = false;
}

#endif /* ZTNET_KSHIM_LINUX_SPINLOCK_H */
