/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: a module's init and exit functions are never called.  The crypto
 * library's would run its self-tests; the fuzz targets call those they
 * can themselves.  The pointer names the function so that it is not
 * reported unused, and, unused itself, is dropped with it.
 */
#ifndef ZTNET_KSHIM_LINUX_INIT_H
#define ZTNET_KSHIM_LINUX_INIT_H

#include <linux/compiler.h>

#define module_init(fn) \
	static int (*kshim_module_init_##fn)(void) __maybe_unused = fn
#define module_exit(fn) \
	static void (*kshim_module_exit_##fn)(void) __maybe_unused = fn

#endif /* ZTNET_KSHIM_LINUX_INIT_H */
