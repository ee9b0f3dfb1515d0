/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: RCU for single-threaded tests.  The read-side sections nest and
 * are counted; the dereference macros check that the right one is held.  A
 * grace period ends as soon as no section is open: callbacks queued outside
 * every section run at once, the others when the last section closes.
 * Freeing as early as RCU allows makes a use after free show at once.
 */
#ifndef ZTNET_KSHIM_LINUX_RCUPDATE_H
#define ZTNET_KSHIM_LINUX_RCUPDATE_H

#include <stddef.h>
#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/types.h>

/* In rcupdate.c. */
extern unsigned int kshim_rcu_readers;		/* rcu_read_lock() depth */
extern unsigned int kshim_rcu_bh_readers;	/* rcu_read_lock_bh() depth */
void kshim_rcu_quiescent(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void kshim_kfree_rcu(struct rcu_head *head, size_t offset);

static inline void rcu_read_lock(void)
{
	kshim_rcu_readers++;
}

static inline void rcu_read_unlock(void)
{
	KSHIM_CHECK(kshim_rcu_readers > 0, "rcu_read_unlock() unbalanced");
	kshim_rcu_readers--;
	kshim_rcu_quiescent();
}

static inline void rcu_read_lock_bh(void)
{
	kshim_rcu_bh_readers++;
}

static inline void rcu_read_unlock_bh(void)
{
	KSHIM_CHECK(kshim_rcu_bh_readers > 0, "rcu_read_unlock_bh() unbalanced");
	kshim_rcu_bh_readers--;
	kshim_rcu_quiescent();
}

static inline void synchronize_rcu(void)
{
	KSHIM_CHECK(!kshim_rcu_readers && !kshim_rcu_bh_readers,
		    "synchronize_rcu() in a read-side section");
	kshim_rcu_quiescent();
}

static inline void rcu_barrier(void)
{
	synchronize_rcu();
}

#define rcu_dereference(p) ({						\
	KSHIM_CHECK(kshim_rcu_readers || kshim_rcu_bh_readers,		\
		    "rcu_dereference() outside rcu_read_lock()");	\
	(p);								\
})
#define rcu_dereference_bh(p) ({					\
	KSHIM_CHECK(kshim_rcu_bh_readers,				\
		    "rcu_dereference_bh() outside rcu_read_lock_bh()");	\
	(p);								\
})
#define rcu_dereference_protected(p, c) ({				\
	KSHIM_CHECK(c, "rcu_dereference_protected() without " #c);	\
	(p);								\
})
#define rcu_access_pointer(p) (p)
#define rcu_assign_pointer(p, v) do { (p) = (v); } while (0)
#define RCU_INIT_POINTER(p, v) do { (p) = (v); } while (0)

#define kfree_rcu(ptr, field) \
	kshim_kfree_rcu(&(ptr)->field, offsetof(typeof(*(ptr)), field))

#endif /* ZTNET_KSHIM_LINUX_RCUPDATE_H */
