/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: sequence counts for single-threaded tests.  A reader would spin
 * for as long as a write is under way, which here is forever, so the shim
 * stops there; so it does at a write inside a write, or an end without a
 * beginning.
 */
#ifndef ZTNET_KSHIM_LINUX_SEQLOCK_H
#define ZTNET_KSHIM_LINUX_SEQLOCK_H

#include <linux/bug.h>
#include <linux/preempt.h>

typedef struct {
	unsigned int sequence;
} seqcount_t;

static inline void seqcount_init(seqcount_t *s)
{
	s->sequence = 0;
}

static inline unsigned int read_seqcount_begin(const seqcount_t *s)
{
	KSHIM_CHECK(!(s->sequence & 1), "seqcount read during its write");
	return s->sequence;
}

static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	return s->sequence != start;
}

static inline void write_seqcount_begin(seqcount_t *s)
{
	KSHIM_CHECK(!(s->sequence & 1), "seqcount write begun twice");
	s->sequence++;
}

static inline void write_seqcount_end(seqcount_t *s)
{
	KSHIM_CHECK(s->sequence & 1, "seqcount write ended but not begun");
	s->sequence++;
}

#endif /* ZTNET_KSHIM_LINUX_SEQLOCK_H */
