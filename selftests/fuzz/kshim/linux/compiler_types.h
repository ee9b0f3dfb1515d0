/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the attributes and compiler helpers of the kernel's
 * <linux/compiler_types.h> and <linux/compiler.h>, which the kernel's build
 * also includes in front of every file.
 */
#ifndef ZTNET_KSHIM_LINUX_COMPILER_TYPES_H
#define ZTNET_KSHIM_LINUX_COMPILER_TYPES_H

/* glibc's <sys/cdefs.h> has its own, and drops the kernel's as this does. */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __weak			__attribute__((__weak__))
#define __alias(symbol)		__attribute__((__alias__(#symbol)))
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __cold			__attribute__((__cold__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __percpu
#define __iomem
#define __user
#define __init
#define __exit
#define __initconst
#define __initdata
#define __ro_after_init

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")
/* Makes the compiler forget what it knows of var's value. */
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "=r" (var) : "0" (var))

/* Tests run on one thread: the compiler is the only one to hold back. */
#define smp_wmb()		barrier()
#define smp_rmb()		barrier()

#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile typeof(x) *)&(x) = (val); } while (0)

#endif /* ZTNET_KSHIM_LINUX_COMPILER_TYPES_H */
