/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the zero page, which the crypto library pads with, and the size
 * of memory, which tables size themselves by: a 1 GiB machine of 4 KiB
 * pages.  Like the kernel's header it brings cond_resched() along.
 */
#ifndef ZTNET_KSHIM_LINUX_MM_H
#define ZTNET_KSHIM_LINUX_MM_H

#include <linux/sched.h>
#include <linux/types.h>

#define PAGE_SHIFT	12

extern const u8 kshim_zero_page[4096];

#define ZERO_PAGE(vaddr) (kshim_zero_page)
#define page_address(page) ((const void *)(page))

static inline unsigned long totalram_pages(void)
{
	return 1UL << (30 - PAGE_SHIFT);
}

#endif /* ZTNET_KSHIM_LINUX_MM_H */
