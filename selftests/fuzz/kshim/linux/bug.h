/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: WARN_ON_ONCE(), BUG_ON() and the shims' own checks.  A kernel
 * warning is a bug, so under test it stops the program where ASan and
 * libFuzzer see it.
 */
#ifndef ZTNET_KSHIM_LINUX_BUG_H
#define ZTNET_KSHIM_LINUX_BUG_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static inline void kshim_check(bool ok, const char *what, const char *file,
			       int line)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: kernel shim: %s\n", file, line, what);
		abort();
	}
}

#define KSHIM_CHECK(cond, what) kshim_check(cond, what, __FILE__, __LINE__)

#define WARN_ON_ONCE(cond) ({						\
	bool kshim_warned_ = (cond);					\
	KSHIM_CHECK(!kshim_warned_, "WARN_ON_ONCE(" #cond ")");		\
	kshim_warned_;							\
})
#define WARN_ON(cond) WARN_ON_ONCE(cond)
#define BUG_ON(cond) KSHIM_CHECK(!(cond), "BUG_ON(" #cond ")")
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif /* ZTNET_KSHIM_LINUX_BUG_H */
