/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: modules.  Exports and module information compile to nothing;
 * init.h says what becomes of init and exit functions.
 */
#ifndef ZTNET_KSHIM_LINUX_MODULE_H
#define ZTNET_KSHIM_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>

#define MODULE_LICENSE(text) _Static_assert(1, text)
#define MODULE_DESCRIPTION(text) _Static_assert(1, text)
#define MODULE_AUTHOR(text) _Static_assert(1, text)

#endif /* ZTNET_KSHIM_LINUX_MODULE_H */
