/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <linux/types.h> on top of the UAPI one, which system
 * headers include too: the short integer types, bool, the list and RCU
 * heads, the atomic counters, and the sparse annotations, which mean
 * nothing to a compiler.
 */
#ifndef ZTNET_KSHIM_LINUX_TYPES_H
#define ZTNET_KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* u64 is unsigned long long, as the kernel's, so that %llu fits it. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

#define __rcu
#define __force

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

/* As the kernel's callback_head: the queue link and the callback. */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#endif /* ZTNET_KSHIM_LINUX_TYPES_H */
