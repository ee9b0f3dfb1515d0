// SPDX-License-Identifier: GPL-2.0
/* kshim: the state behind linux/rcupdate.h, and linux/spinlock.h's hook. */
#include <stdint.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

unsigned int kshim_rcu_readers;
unsigned int kshim_rcu_bh_readers;
void (*kshim_spin_lock_hook)(spinlock_t *lock);

static struct rcu_head *pending;

/*
 * As in the kernel, kfree_rcu() queues no function but the offset of the
 * head in its object, which no function address can be mistaken for.
 */
#define KSHIM_KFREE_OFFSET_LIMIT 4096

static void kshim_rcu_invoke(struct rcu_head *head)
{
	uintptr_t offset = (uintptr_t)head->func;

	if (offset < KSHIM_KFREE_OFFSET_LIMIT)
		kfree((char *)head - offset);
	else
		head->func(head);
}

void kshim_rcu_quiescent(void)
{
	struct rcu_head *head;

	while (!kshim_rcu_readers && !kshim_rcu_bh_readers && pending) {
		head = pending;
		pending = head->next;
		kshim_rcu_invoke(head);
	}
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	head->func = func;
	head->next = pending;
	pending = head;
	kshim_rcu_quiescent();
}

void kshim_kfree_rcu(struct rcu_head *head, size_t offset)
{
	KSHIM_CHECK(offset < KSHIM_KFREE_OFFSET_LIMIT,
		    "kfree_rcu() head too far into its object");
	call_rcu(head, (void (*)(struct rcu_head *))offset);
}
