/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: reader-writer semaphores for single-threaded tests.  A writer
 * while anyone holds it, or a reader while a writer does, would wait
 * forever, so the shim stops there, as it does at an unbalanced release.
 */
#ifndef ZTNET_KSHIM_LINUX_RWSEM_H
#define ZTNET_KSHIM_LINUX_RWSEM_H

#include <linux/bug.h>
#include <linux/types.h>

/* held, as lockdep_is_held() reads it: by a reader or the writer. */
struct rw_semaphore {
	int readers;
	bool writer;
	bool held;
};

static inline void kshim_rwsem_update(struct rw_semaphore *sem)
{
	sem->held = sem->writer || sem->readers;
}

static inline void init_rwsem(struct rw_semaphore *sem)
{
	sem->readers = 0;
	sem->writer = false;
	kshim_rwsem_update(sem);
}

static inline void down_read(struct rw_semaphore *sem)
{
	KSHIM_CHECK(!sem->writer, "down_read() under its own writer");
	sem->readers++;
	kshim_rwsem_update(sem);
}

static inline void up_read(struct rw_semaphore *sem)
{
	KSHIM_CHECK(sem->readers > 0 && !sem->writer, "up_read() unbalanced");
	sem->readers--;
	kshim_rwsem_update(sem);
}

static inline void down_write(struct rw_semaphore *sem)
{
	KSHIM_CHECK(!sem->writer && !sem->readers,
		    "down_write() while the semaphore is held");
	sem->writer = true;
	kshim_rwsem_update(sem);
}

static inline void up_write(struct rw_semaphore *sem)
{
	KSHIM_CHECK(sem->writer, "up_write() unbalanced");
	sem->writer = false;
	kshim_rwsem_update(sem);
}

/* The writer becomes a reader without letting another writer in. */
static inline void downgrade_write(struct rw_semaphore *sem)
{
	KSHIM_CHECK(sem->writer, "downgrade_write() without the write lock");
	sem->writer = false;
	sem->readers = 1;
	kshim_rwsem_update(sem);
}

static inline bool kshim_rwsem_idle(const struct rw_semaphore *sem)
{
	return !sem->writer && !sem->readers;
}

#endif /* ZTNET_KSHIM_LINUX_RWSEM_H */
