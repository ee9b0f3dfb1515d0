/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the zero page, which the crypto library pads with. */
#ifndef ZTNET_KSHIM_LINUX_MM_H
#define ZTNET_KSHIM_LINUX_MM_H

#include <linux/types.h>

extern const u8 kshim_zero_page[4096];

#define ZERO_PAGE(vaddr) (kshim_zero_page)
#define page_address(page) ((const void *)(page))

#endif /* ZTNET_KSHIM_LINUX_MM_H */
