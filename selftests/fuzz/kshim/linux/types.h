/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <linux/types.h> on top of the UAPI one, which system
 * headers include too: the short integer types, bool, the list and RCU
 * heads, and the sparse annotations, which mean nothing to a compiler.
 */
#ifndef ZTNET_KSHIM_LINUX_TYPES_H
#define ZTNET_KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define __rcu
#define __force

struct list_head {
	struct list_head *next, *prev;
};

/* As the kernel's callback_head: the queue link and the callback. */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#endif /* ZTNET_KSHIM_LINUX_TYPES_H */
