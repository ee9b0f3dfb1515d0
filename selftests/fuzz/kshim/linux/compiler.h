/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/compiler.h>; everything is in compiler_types.h. */
#ifndef ZTNET_KSHIM_LINUX_COMPILER_H
#define ZTNET_KSHIM_LINUX_COMPILER_H

#include <linux/compiler_types.h>

#endif /* ZTNET_KSHIM_LINUX_COMPILER_H */
