/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: what the data plane and the crypto library take from the kernel's
 * <linux/kernel.h> and the headers it brings along: array and rounding
 * helpers, limits, min() and max(), and printk(), which prints nothing: a
 * fuzzer prints its findings, not the kernel's chatter.
 */
#ifndef ZTNET_KSHIM_LINUX_KERNEL_H
#define ZTNET_KSHIM_LINUX_KERNEL_H

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <asm/byteorder.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define rounddown(x, y)		({				\
	typeof(x) kshim_x_ = (x);					\
	kshim_x_ - kshim_x_ % (y);					\
})

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))

#define min(x, y)	({ typeof(x) kshim_a_ = (x); typeof(y) kshim_b_ = (y); \
			   kshim_a_ < kshim_b_ ? kshim_a_ : kshim_b_; })
#define max(x, y)	({ typeof(x) kshim_a_ = (x); typeof(y) kshim_b_ = (y); \
			   kshim_a_ > kshim_b_ ? kshim_a_ : kshim_b_; })

#define KERN_CONT	""
#define KERN_DEBUG	""

/* Checks the format and the arguments, and prints nothing. */
static inline __printf(1, 2) int kshim_printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define printk(fmt, ...)	kshim_printk(fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	kshim_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	kshim_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	kshim_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	kshim_printk(fmt, ##__VA_ARGS__)
#define net_dbg_ratelimited(fmt, ...) kshim_printk(fmt, ##__VA_ARGS__)

#endif /* ZTNET_KSHIM_LINUX_KERNEL_H */
