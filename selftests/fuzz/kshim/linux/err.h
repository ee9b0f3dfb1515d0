/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: errors carried in pointers, as the kernel's <linux/err.h>. */
#ifndef ZTNET_KSHIM_LINUX_ERR_H
#define ZTNET_KSHIM_LINUX_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (uintptr_t)ptr >= (uintptr_t)-MAX_ERRNO;
}

#endif /* ZTNET_KSHIM_LINUX_ERR_H */
