/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <linux/string.h> adds memzero_explicit(), a clearing
 * of secrets that the compiler may not drop; glibc's explicit_bzero() makes
 * the same promise.  memchr_inv() finds the first byte that is not c.
 */
#ifndef ZTNET_KSHIM_LINUX_STRING_H
#define ZTNET_KSHIM_LINUX_STRING_H

#include_next <linux/string.h>
#include <string.h>

static inline void memzero_explicit(void *s, size_t count)
{
	explicit_bzero(s, count);
}

static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; p++, bytes--)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

#endif /* ZTNET_KSHIM_LINUX_STRING_H */
