/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: reference counts as the kernel's <linux/kref.h> has them.  Taking
 * a reference on an object whose count is zero, or dropping one below
 * zero, is a bug the shim stops at.
 */
#ifndef ZTNET_KSHIM_LINUX_KREF_H
#define ZTNET_KSHIM_LINUX_KREF_H

#include <linux/bug.h>
#include <linux/types.h>

struct kref {
	int refcount;
};

static inline void kref_init(struct kref *kref)
{
	kref->refcount = 1;
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return kref->refcount;
}

static inline void kref_get(struct kref *kref)
{
	KSHIM_CHECK(kref->refcount > 0, "kref_get() on a zero count");
	kref->refcount++;
}

static inline bool kref_get_unless_zero(struct kref *kref)
{
	if (!kref->refcount)
		return false;
	kref->refcount++;
	return true;
}

/* Returns 1 if this was the last reference, which release() then freed. */
static inline int kref_put(struct kref *kref,
			   void (*release)(struct kref *kref))
{
	KSHIM_CHECK(kref->refcount > 0, "kref_put() on a zero count");
	if (--kref->refcount)
		return 0;
	release(kref);
	return 1;
}

#endif /* ZTNET_KSHIM_LINUX_KREF_H */
