/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the kernel's bsearch(), which the C library has by that name. */
#ifndef ZTNET_KSHIM_LINUX_BSEARCH_H
#define ZTNET_KSHIM_LINUX_BSEARCH_H

#include <stdlib.h>

#endif /* ZTNET_KSHIM_LINUX_BSEARCH_H */
