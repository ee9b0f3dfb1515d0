// SPDX-License-Identifier: GPL-2.0
/* kshim: the state behind linux/slab.h. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <linux/slab.h>

size_t kshim_slab_objects;
size_t kshim_slab_bytes;
unsigned long kshim_slab_fail_in;

void *kmalloc(size_t size, gfp_t flags)
{
	void *ptr;

	(void)flags;
	if (kshim_slab_fail_in && !--kshim_slab_fail_in)
		return NULL;
	ptr = malloc(size);
	if (ptr) {
		kshim_slab_objects++;
		kshim_slab_bytes += malloc_usable_size(ptr);
	}
	return ptr;
}

void *kzalloc(size_t size, gfp_t flags)
{
	void *ptr = kmalloc(size, flags);

	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

void kfree(const void *ptr)
{
	if (!ptr)
		return;
	kshim_slab_objects--;
	kshim_slab_bytes -= malloc_usable_size((void *)ptr);
	free((void *)ptr);
}

void kfree_sensitive(const void *ptr)
{
	if (!ptr)
		return;
	explicit_bzero((void *)ptr, malloc_usable_size((void *)ptr));
	kfree(ptr);
}
