/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <linux/kconfig.h>, which the kernel's build includes
 * in front of every file: the configuration of an x86-64 machine, as far
 * as the data plane and the kernel's crypto library look at it, and the
 * IS_ENABLED() test.  No architecture-specific crypto is configured, so
 * the library's generic C code is what runs.
 */
#ifndef ZTNET_KSHIM_LINUX_KCONFIG_H
#define ZTNET_KSHIM_LINUX_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS 1
#define CONFIG_CRYPTO_LIB_POLY1305_RSIZE 1

/*
 * IS_ENABLED(CONFIG_FOO) is 1 when CONFIG_FOO is defined as 1, else 0.  A
 * defined option pastes into KSHIM_ON_1, which expands to "0," and so
 * shifts a 1 into the second argument; anything else leaves the 0 there.
 */
#define KSHIM_ON_1 0,
#define kshim_second(ignored, value, ...) value
#define kshim_is_on(junk_or_comma) kshim_second(junk_or_comma 1, 0, 0)
#define kshim_enabled(value) kshim_is_on(KSHIM_ON_##value)
#define IS_ENABLED(option) kshim_enabled(option)
#define IS_BUILTIN(option) kshim_enabled(option)
#define IS_REACHABLE(option) kshim_enabled(option)
#define IS_MODULE(option) 0

#endif /* ZTNET_KSHIM_LINUX_KCONFIG_H */
