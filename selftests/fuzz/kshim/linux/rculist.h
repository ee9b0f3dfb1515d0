/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the hash lists of the kernel's <linux/list.h> and their RCU
 * variants from <linux/rculist.h>.  hlist_del_init_rcu() leaves the node
 * unhashed, hlist_del_rcu() poisons pprev as the kernel does.  The RCU
 * walk checks that a read-side section, or the condition the caller
 * gives, protects it.
 */
#ifndef ZTNET_KSHIM_LINUX_RCULIST_H
#define ZTNET_KSHIM_LINUX_RCULIST_H

#include <stddef.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#define KSHIM_HLIST_POISON2 ((struct hlist_node **)0x122)

#define HLIST_HEAD_INIT { .first = NULL }

static inline void INIT_HLIST_HEAD(struct hlist_head *head)
{
	head->first = NULL;
}

static inline void INIT_HLIST_NODE(struct hlist_node *node)
{
	node->next = NULL;
	node->pprev = NULL;
}

static inline int hlist_unhashed(const struct hlist_node *node)
{
	return !node->pprev;
}

static inline int hlist_empty(const struct hlist_head *head)
{
	return !head->first;
}

static inline void __hlist_del(struct hlist_node *node)
{
	struct hlist_node *next = node->next;
	struct hlist_node **pprev = node->pprev;

	*pprev = next;
	if (next)
		next->pprev = pprev;
}

static inline void hlist_add_head(struct hlist_node *node,
				  struct hlist_head *head)
{
	struct hlist_node *first = head->first;

	node->next = first;
	if (first)
		first->pprev = &node->next;
	head->first = node;
	node->pprev = &head->first;
}

static inline void hlist_del_init(struct hlist_node *node)
{
	if (!hlist_unhashed(node)) {
		__hlist_del(node);
		INIT_HLIST_NODE(node);
	}
}

#define hlist_add_head_rcu(node, head) hlist_add_head(node, head)
#define hlist_del_init_rcu(node) hlist_del_init(node)

static inline void hlist_del_rcu(struct hlist_node *node)
{
	__hlist_del(node);
	node->pprev = KSHIM_HLIST_POISON2;
}

static inline void hlist_replace_rcu(struct hlist_node *old,
				     struct hlist_node *new)
{
	struct hlist_node *next = old->next;

	new->next = next;
	new->pprev = old->pprev;
	*new->pprev = new;
	if (next)
		next->pprev = &new->next;
	old->pprev = KSHIM_HLIST_POISON2;
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member) ({				\
	typeof(ptr) kshim_p_ = (ptr);					\
	kshim_p_ ? hlist_entry(kshim_p_, type, member) : NULL;		\
})

#define hlist_for_each_entry(pos, head, member)				\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

/* Safe against the removal of pos: n is the one after it. */
#define hlist_for_each_entry_safe(pos, n, head, member)			\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos && ({ n = (pos)->member.next; 1; });			\
	     pos = hlist_entry_safe(n, typeof(*(pos)), member))

/* The optional condition of the RCU walks, false when not given. */
#define kshim_second_or_false(ignored, cond, ...) (cond)
#define kshim_rcu_walk_check(cond...)					\
	KSHIM_CHECK(kshim_rcu_readers || kshim_rcu_bh_readers ||	\
		    kshim_second_or_false(0, ##cond, false),		\
		    "RCU list walked unprotected")

#define hlist_for_each_entry_rcu(pos, head, member, cond...)		\
	for (kshim_rcu_walk_check(cond),				\
	     pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

#endif /* ZTNET_KSHIM_LINUX_RCULIST_H */
