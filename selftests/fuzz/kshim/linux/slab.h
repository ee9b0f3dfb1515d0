/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: kmalloc() and friends on malloc(), counting what is live so that
 * tests can measure memory and find leaks, and able to fail on demand so
 * that they can reach the -ENOMEM paths.
 */
#ifndef ZTNET_KSHIM_LINUX_SLAB_H
#define ZTNET_KSHIM_LINUX_SLAB_H

#include <stddef.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

typedef unsigned int gfp_t;

#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u

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

#endif /* ZTNET_KSHIM_LINUX_SLAB_H */
