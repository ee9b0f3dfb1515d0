/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: lockdep's assertions, on the shim's mutexes, which know whether
 * they are held.  Single-threaded: held means held by the caller.
 */
#ifndef ZTNET_KSHIM_LINUX_LOCKDEP_H
#define ZTNET_KSHIM_LINUX_LOCKDEP_H

#include <linux/bug.h>

#define lockdep_is_held(lock) ((lock)->held)
#define lockdep_assert_held(lock) \
	KSHIM_CHECK(lockdep_is_held(lock), "lock not held: " #lock)

#endif /* ZTNET_KSHIM_LINUX_LOCKDEP_H */
