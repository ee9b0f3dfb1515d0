/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the atomic counters of the kernel's <linux/atomic.h>.  Tests are
 * single-threaded, so plain arithmetic does.
 */
#ifndef ZTNET_KSHIM_LINUX_ATOMIC_H
#define ZTNET_KSHIM_LINUX_ATOMIC_H

#include <linux/types.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v)
{
	return v->counter;
}

static inline void atomic_set(atomic_t *v, int i)
{
	v->counter = i;
}

static inline void atomic_inc(atomic_t *v)
{
	v->counter++;
}

static inline void atomic_dec(atomic_t *v)
{
	v->counter--;
}

static inline int atomic_inc_return(atomic_t *v)
{
	return ++v->counter;
}

static inline int atomic_dec_return(atomic_t *v)
{
	return --v->counter;
}

static inline s64 atomic64_read(const atomic64_t *v)
{
	return v->counter;
}

static inline void atomic64_set(atomic64_t *v, s64 i)
{
	v->counter = i;
}

static inline void atomic64_add(s64 i, atomic64_t *v)
{
	v->counter += i;
}

static inline s64 atomic64_inc_return(atomic64_t *v)
{
	return ++v->counter;
}

#endif /* ZTNET_KSHIM_LINUX_ATOMIC_H */
