/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: kmalloc() and friends on malloc(), counting what is live so that
 * tests can measure memory and find leaks, and able to fail on demand so
 * that they can reach the -ENOMEM paths.
 */
#ifndef ZTNET_KSHIM_LINUX_SLAB_H
#define ZTNET_KSHIM_LINUX_SLAB_H

#include <stddef.h>
#include <stdint.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

typedef unsigned int gfp_t;

#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u
#define GFP_KERNEL_ACCOUNT	2u

/* In slab.c. */
extern size_t kshim_slab_objects;	/* live allocations */
extern size_t kshim_slab_bytes;		/* their usable size */
/* When not 0, the allocation that brings it down to 0 fails. */
extern unsigned long kshim_slab_fail_in;

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *ptr);
/* Wipes the whole allocation before freeing it. */
void kfree_sensitive(const void *ptr);

/* The kernel may fall back to vmalloc(); here it is all one heap. */
static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size, flags);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kzalloc(size, flags);
}

static inline void kvfree(const void *ptr)
{
	kfree(ptr);
}

#endif /* ZTNET_KSHIM_LINUX_SLAB_H */
