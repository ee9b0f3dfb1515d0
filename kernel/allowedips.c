// SPDX-License-Identifier: GPL-2.0
/*
 * Cryptokey routing table: longest-prefix match from an address to a peer.
 *
 * Each family has its own binary trie with path compression.  A node holds
 * one prefix; its two children hold longer prefixes that extend it, split
 * by the first bit past the node's prefix.  A child may skip any number of
 * bits, which a lookup checks when it reaches the child, so that a lookup
 * visits at most one node per prefix length whatever the table holds.
 *
 * A node without a peer is a fork, made where two prefixes part.  The
 * writers keep every fork with exactly two children: that gives fewer forks
 * than prefixes, and means a removal only ever reshapes the node it removes
 * and that node's parent.
 *
 * The nodes carry no parent pointer, which keeps a node within 64 bytes:
 * the rare writer that needs a node's parent walks down from the root
 * again, which costs no more than a lookup.
 */

#include <asm/byteorder.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "allowedips.h"

struct ztnet_allowedips_node {
	struct ztnet_peer __rcu *peer;	/* NULL in a fork */
	struct ztnet_allowedips_node __rcu *child[2];
	/* The prefix from its most significant bit; bits past cidr are 0. */
	u64 key[2];
	/* A node leaves its peer's list before it is handed to RCU. */
	union {
		struct list_head peer_list;
		struct rcu_head rcu;
	};
	u8 cidr;
	u8 bits;			/* 32 or 128: which trie */
};

/* What an insert was asked for, so that its helpers share one argument. */
struct ztnet_allowedips_route {
	u64 key[2];
	u8 cidr;
	u8 bits;
	struct ztnet_peer *peer;
	struct list_head *peer_prefixes;
};

/* A writer's read of an RCU pointer: the table's mutex keeps it stable. */
#define ztnet_allowedips_deref(table, p) \
	rcu_dereference_protected(p, lockdep_is_held((table)->lock))

static unsigned int ztnet_allowedips_family_bits(int family)
{
	if (family == AF_INET)
		return 32;
	if (family == AF_INET6)
		return 128;
	return 0;
}

static struct ztnet_allowedips_node __rcu **
ztnet_allowedips_root(struct ztnet_allowedips *table, unsigned int bits)
{
	return bits == 32 ? &table->root4 : &table->root6;
}

/* Keys are host-order words so that a prefix compares with a XOR. */
static void ztnet_allowedips_key_from_addr(u64 key[2], const void *addr,
					   unsigned int bits)
{
	__be64 word[2];
	__be32 word4;

	if (bits == 32) {
		memcpy(&word4, addr, sizeof(word4));
		key[0] = (u64)be32_to_cpu(word4) << 32;
		key[1] = 0;
		return;
	}
	memcpy(word, addr, sizeof(word));
	key[0] = be64_to_cpu(word[0]);
	key[1] = be64_to_cpu(word[1]);
}

static void ztnet_allowedips_key_to_addr(u8 *addr, const u64 key[2],
					 unsigned int bits)
{
	__be64 word[2] = { cpu_to_be64(key[0]), cpu_to_be64(key[1]) };

	memcpy(addr, word, bits / 8);
}

/* The first @bits bits of a word, where @bits may exceed the word. */
static u64 ztnet_allowedips_word_mask(unsigned int bits)
{
	if (bits >= 64)
		return ~0ULL;
	if (!bits)
		return 0;
	return ~0ULL << (64 - bits);
}

static void ztnet_allowedips_mask(u64 key[2], unsigned int cidr)
{
	key[0] &= ztnet_allowedips_word_mask(cidr);
	key[1] &= ztnet_allowedips_word_mask(cidr > 64 ? cidr - 64 : 0);
}

/* How many leading bits @a and @b share, counting no further than @limit. */
static unsigned int ztnet_allowedips_common_bits(const u64 a[2],
						 const u64 b[2],
						 unsigned int limit)
{
	u64 diff = a[0] ^ b[0];
	unsigned int same;

	if (diff) {
		same = 64 - fls64(diff);
	} else {
		diff = a[1] ^ b[1];
		same = diff ? 128 - fls64(diff) : 128;
	}
	return same < limit ? same : limit;
}

/* Bit @n of @key, counted from the most significant; @n is below 128. */
static unsigned int ztnet_allowedips_bit(const u64 key[2], unsigned int n)
{
	return (key[n / 64] >> (63 - n % 64)) & 1;
}

void ztnet_allowedips_init(struct ztnet_allowedips *table, struct mutex *lock)
{
	table->lock = lock;
	RCU_INIT_POINTER(table->root4, NULL);
	RCU_INIT_POINTER(table->root6, NULL);
	table->seq = 0;
	INIT_LIST_HEAD(&table->spares);
	table->spare_count = 0;
}

/* An insert makes at most two nodes: a fork and a leaf. */
#define ZTNET_ALLOWEDIPS_NODES_PER_INSERT 2

int ztnet_allowedips_reserve(struct ztnet_allowedips *table,
			     unsigned long inserts)
{
	struct ztnet_allowedips_node *node;
	unsigned long want = inserts * ZTNET_ALLOWEDIPS_NODES_PER_INSERT;

	lockdep_assert_held(table->lock);
	while (table->spare_count < want) {
		node = kzalloc(sizeof(*node), GFP_KERNEL_ACCOUNT);
		if (!node) {
			ztnet_allowedips_unreserve(table);
			return -ENOMEM;
		}
		list_add(&node->peer_list, &table->spares);
		table->spare_count++;
		cond_resched();
	}
	return 0;
}

void ztnet_allowedips_unreserve(struct ztnet_allowedips *table)
{
	struct ztnet_allowedips_node *node, *next;

	lockdep_assert_held(table->lock);
	list_for_each_entry_safe(node, next, &table->spares, peer_list) {
		kfree(node);
		cond_resched();
	}
	INIT_LIST_HEAD(&table->spares);
	table->spare_count = 0;
}

struct ztnet_peer *ztnet_allowedips_lookup(const struct ztnet_allowedips *table,
					   int family, const void *addr)
{
	unsigned int bits = ztnet_allowedips_family_bits(family);
	const struct ztnet_allowedips_node *node;
	struct ztnet_peer *found = NULL, *peer;
	unsigned int side;
	u64 key[2];

	if (!bits)
		return NULL;
	ztnet_allowedips_key_from_addr(key, addr, bits);
	if (bits == 32)
		node = rcu_dereference_bh(table->root4);
	else
		node = rcu_dereference_bh(table->root6);

	/* Every prefix below a node extends it: a mismatch ends the search. */
	while (node && ztnet_allowedips_common_bits(node->key, key,
						    node->cidr) == node->cidr) {
		peer = rcu_dereference_bh(node->peer);
		if (peer)
			found = peer;
		if (node->cidr == bits)
			break;
		side = ztnet_allowedips_bit(key, node->cidr);
		node = rcu_dereference_bh(node->child[side]);
	}
	return found;
}

/* A set-aside node if there is one, else a fresh one. */
static struct ztnet_allowedips_node *
ztnet_allowedips_node_new(struct ztnet_allowedips *table, const u64 key[2],
			  unsigned int cidr, unsigned int bits)
{
	struct ztnet_allowedips_node *node;

	node = list_first_entry_or_null(&table->spares,
					struct ztnet_allowedips_node, peer_list);
	if (node) {
		list_del(&node->peer_list);
		table->spare_count--;
		memset(node, 0, sizeof(*node));
	} else {
		node = kzalloc(sizeof(*node), GFP_KERNEL_ACCOUNT);
	}
	if (!node)
		return NULL;
	node->key[0] = key[0];
	node->key[1] = key[1];
	ztnet_allowedips_mask(node->key, cidr);
	node->cidr = cidr;
	node->bits = bits;
	/* A fork is on no list; this lets a later peer move it onto one. */
	INIT_LIST_HEAD(&node->peer_list);
	return node;
}

static void ztnet_allowedips_set_peer(struct ztnet_allowedips_node *node,
				      const struct ztnet_allowedips_route *route)
{
	list_move_tail(&node->peer_list, route->peer_prefixes);
	rcu_assign_pointer(node->peer, route->peer);
}

/* The prefix is in the table already: it changes hands, at most. */
static void ztnet_allowedips_reassign(struct ztnet_allowedips *table,
				      struct ztnet_allowedips_node *node,
				      const struct ztnet_allowedips_route *route)
{
	if (rcu_access_pointer(node->peer) == route->peer)
		return;
	ztnet_allowedips_set_peer(node, route);
	table->seq++;
}

/* Nothing hangs at @slot: the prefix becomes a leaf there. */
static int ztnet_allowedips_add_leaf(struct ztnet_allowedips *table,
				     struct ztnet_allowedips_node __rcu **slot,
				     const struct ztnet_allowedips_route *route)
{
	struct ztnet_allowedips_node *leaf;

	leaf = ztnet_allowedips_node_new(table, route->key, route->cidr,
					 route->bits);
	if (!leaf)
		return -ENOMEM;
	ztnet_allowedips_set_peer(leaf, route);
	rcu_assign_pointer(*slot, leaf);
	table->seq++;
	return 0;
}

/* The prefix is shorter than @below's and covers it: it goes between. */
static int ztnet_allowedips_add_above(struct ztnet_allowedips *table,
				      struct ztnet_allowedips_node __rcu **slot,
				      struct ztnet_allowedips_node *below,
				      const struct ztnet_allowedips_route *route)
{
	struct ztnet_allowedips_node *node;
	unsigned int side = ztnet_allowedips_bit(below->key, route->cidr);

	node = ztnet_allowedips_node_new(table, route->key, route->cidr,
					 route->bits);
	if (!node)
		return -ENOMEM;
	RCU_INIT_POINTER(node->child[side], below);
	ztnet_allowedips_set_peer(node, route);
	rcu_assign_pointer(*slot, node);
	table->seq++;
	return 0;
}

/*
 * The prefix and @other's part after @same common bits: a fork at @same
 * takes both.  Both nodes are allocated before either is touched, so
 * that a failure leaves the table as it was.
 */
static int ztnet_allowedips_add_fork(struct ztnet_allowedips *table,
				     struct ztnet_allowedips_node __rcu **slot,
				     struct ztnet_allowedips_node *other,
				     unsigned int same,
				     const struct ztnet_allowedips_route *route)
{
	unsigned int side = ztnet_allowedips_bit(route->key, same);
	struct ztnet_allowedips_node *fork, *leaf;

	fork = ztnet_allowedips_node_new(table, route->key, same, route->bits);
	leaf = ztnet_allowedips_node_new(table, route->key, route->cidr,
					 route->bits);
	if (!fork || !leaf) {
		kfree(fork);
		kfree(leaf);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(fork->child[side], leaf);
	RCU_INIT_POINTER(fork->child[!side], other);
	ztnet_allowedips_set_peer(leaf, route);
	rcu_assign_pointer(*slot, fork);
	table->seq++;
	return 0;
}

/*
 * New nodes are complete before rcu_assign_pointer() links them in, so a
 * lookup sees the trie either without the prefix or with it.
 */
static int ztnet_allowedips_add(struct ztnet_allowedips *table,
				const struct ztnet_allowedips_route *route)
{
	struct ztnet_allowedips_node __rcu **slot;
	struct ztnet_allowedips_node *node;
	unsigned int same;

	slot = ztnet_allowedips_root(table, route->bits);
	for (;;) {
		node = ztnet_allowedips_deref(table, *slot);
		if (!node)
			return ztnet_allowedips_add_leaf(table, slot, route);
		same = ztnet_allowedips_common_bits(node->key, route->key,
						    min_t(unsigned int, node->cidr,
							  route->cidr));
		if (same < node->cidr)
			break;
		if (node->cidr == route->cidr) {
			ztnet_allowedips_reassign(table, node, route);
			return 0;
		}
		slot = &node->child[ztnet_allowedips_bit(route->key, node->cidr)];
	}
	if (same == route->cidr)
		return ztnet_allowedips_add_above(table, slot, node, route);
	return ztnet_allowedips_add_fork(table, slot, node, same, route);
}

int ztnet_allowedips_insert(struct ztnet_allowedips *table, int family,
			    const void *addr, u8 cidr, struct ztnet_peer *peer,
			    struct list_head *peer_prefixes)
{
	struct ztnet_allowedips_route route = {
		.cidr = cidr,
		.peer = peer,
		.peer_prefixes = peer_prefixes,
	};

	lockdep_assert_held(table->lock);
	route.bits = ztnet_allowedips_family_bits(family);
	if (!route.bits || cidr > route.bits || !peer)
		return -EINVAL;
	ztnet_allowedips_key_from_addr(route.key, addr, route.bits);
	ztnet_allowedips_mask(route.key, cidr);
	return ztnet_allowedips_add(table, &route);
}

/*
 * The link that points to @node, found by following its key from the
 * root, or NULL if it is not in the trie; @parent_slot gets the link to
 * its parent, or NULL at the root.
 */
static struct ztnet_allowedips_node __rcu **
ztnet_allowedips_slot_of(struct ztnet_allowedips *table,
			 const struct ztnet_allowedips_node *node,
			 struct ztnet_allowedips_node __rcu ***parent_slot)
{
	struct ztnet_allowedips_node __rcu **slot;
	struct ztnet_allowedips_node *cur;

	*parent_slot = NULL;
	slot = ztnet_allowedips_root(table, node->bits);
	for (;;) {
		cur = ztnet_allowedips_deref(table, *slot);
		if (cur == node)
			return slot;
		if (!cur)
			return NULL;
		*parent_slot = slot;
		slot = &cur->child[ztnet_allowedips_bit(node->key, cur->cidr)];
	}
}

/* A fork at @slot lost a child: its other child takes its place. */
static void ztnet_allowedips_merge_fork(struct ztnet_allowedips *table,
					struct ztnet_allowedips_node __rcu **slot)
{
	struct ztnet_allowedips_node *fork = ztnet_allowedips_deref(table, *slot);
	struct ztnet_allowedips_node *other;

	if (rcu_access_pointer(fork->peer))
		return;
	other = ztnet_allowedips_deref(table, fork->child[0]) ?:
		ztnet_allowedips_deref(table, fork->child[1]);
	rcu_assign_pointer(*slot, other);
	kfree_rcu(fork, rcu);
}

/*
 * @node has just lost its peer.  With two children it stays as a fork;
 * otherwise its child, if any, takes its place, and a parent fork left
 * with one child goes the same way.
 */
static void ztnet_allowedips_prune(struct ztnet_allowedips *table,
				   struct ztnet_allowedips_node *node)
{
	struct ztnet_allowedips_node __rcu **slot, **parent_slot;
	struct ztnet_allowedips_node *left, *right;

	left = ztnet_allowedips_deref(table, node->child[0]);
	right = ztnet_allowedips_deref(table, node->child[1]);
	if (left && right)
		return;
	slot = ztnet_allowedips_slot_of(table, node, &parent_slot);
	if (WARN_ON_ONCE(!slot))
		return;
	rcu_assign_pointer(*slot, left ?: right);
	kfree_rcu(node, rcu);
	if (!left && !right && parent_slot)
		ztnet_allowedips_merge_fork(table, parent_slot);
}

void ztnet_allowedips_remove_by_peer(struct ztnet_allowedips *table,
				     struct list_head *peer_prefixes)
{
	struct ztnet_allowedips_node *node, *next;

	lockdep_assert_held(table->lock);
	if (list_empty(peer_prefixes))
		return;
	/* Pruning frees only peerless nodes, never the next on the list. */
	list_for_each_entry_safe(node, next, peer_prefixes, peer_list) {
		list_del_init(&node->peer_list);
		RCU_INIT_POINTER(node->peer, NULL);
		ztnet_allowedips_prune(table, node);
	}
	table->seq++;
}

/*
 * The node that holds exactly @key/@cidr, a prefix or a fork, or NULL.  A
 * node deeper than @cidr, or one that @key leaves, ends the search, which
 * never looks at the bits of @key past @cidr.
 */
static struct ztnet_allowedips_node *
ztnet_allowedips_find(struct ztnet_allowedips *table, const u64 key[2],
		      unsigned int cidr, unsigned int bits)
{
	struct ztnet_allowedips_node *node;
	unsigned int side;

	node = ztnet_allowedips_deref(table, *ztnet_allowedips_root(table, bits));
	while (node && node->cidr <= cidr &&
	       ztnet_allowedips_common_bits(node->key, key,
					    node->cidr) == node->cidr) {
		if (node->cidr == cidr)
			return node;
		side = ztnet_allowedips_bit(key, node->cidr);
		node = ztnet_allowedips_deref(table, node->child[side]);
	}
	return NULL;
}

/*
 * As remove_by_peer does for each prefix: the node loses its peer first,
 * so that a lookup that still reaches it finds none, then the trie drops
 * what no prefix needs.
 */
int ztnet_allowedips_remove(struct ztnet_allowedips *table, int family,
			    const void *addr, u8 cidr,
			    const struct ztnet_peer *peer)
{
	unsigned int bits = ztnet_allowedips_family_bits(family);
	struct ztnet_allowedips_node *node;
	u64 key[2];

	lockdep_assert_held(table->lock);
	if (!bits || cidr > bits || !peer)
		return -EINVAL;
	ztnet_allowedips_key_from_addr(key, addr, bits);
	node = ztnet_allowedips_find(table, key, cidr, bits);
	/* A fork has no peer: it is nobody's to remove. */
	if (!node || rcu_access_pointer(node->peer) != peer)
		return 0;
	list_del_init(&node->peer_list);
	RCU_INIT_POINTER(node->peer, NULL);
	ztnet_allowedips_prune(table, node);
	table->seq++;
	return 0;
}

/*
 * The node after @node in a depth-first walk of the trie under @top.  A
 * leaf's successor is the right child of its deepest ancestor that it
 * reached through the left child; a walk from @top finds that ancestor.
 */
static struct ztnet_allowedips_node *
ztnet_allowedips_next(struct ztnet_allowedips *table,
		      struct ztnet_allowedips_node *top,
		      struct ztnet_allowedips_node *node)
{
	struct ztnet_allowedips_node *next, *cur, *right;
	unsigned int side;

	next = ztnet_allowedips_deref(table, node->child[0]) ?:
	       ztnet_allowedips_deref(table, node->child[1]);
	if (next)
		return next;
	for (cur = top; cur != node; ) {
		side = ztnet_allowedips_bit(node->key, cur->cidr);
		right = ztnet_allowedips_deref(table, cur->child[1]);
		if (!side && right)
			next = right;
		cur = ztnet_allowedips_deref(table, cur->child[side]);
	}
	return next;
}

/*
 * Lookups that started before the trie was unlinked may still be in it, so
 * each node is freed only after a grace period.  The walk holds the RCU
 * read lock so that the nodes it has handed to RCU, which it goes through
 * again to find each leaf's successor, stay until it is done.
 */
static void ztnet_allowedips_free_trie(struct ztnet_allowedips *table,
				       struct ztnet_allowedips_node __rcu **root)
{
	struct ztnet_allowedips_node *top = ztnet_allowedips_deref(table, *root);
	struct ztnet_allowedips_node *node, *next;

	RCU_INIT_POINTER(*root, NULL);
	rcu_read_lock();
	for (node = top; node; node = next) {
		next = ztnet_allowedips_next(table, top, node);
		list_del(&node->peer_list);
		kfree_rcu(node, rcu);
	}
	rcu_read_unlock();
}

void ztnet_allowedips_free_all(struct ztnet_allowedips *table)
{
	lockdep_assert_held(table->lock);
	ztnet_allowedips_free_trie(table, &table->root4);
	ztnet_allowedips_free_trie(table, &table->root6);
	table->seq++;
}

void ztnet_allowedips_cursor_init(struct ztnet_allowedips_cursor *cursor)
{
	memset(cursor, 0, sizeof(*cursor));
}

static void ztnet_allowedips_read(const struct ztnet_allowedips_node *node,
				  struct ztnet_allowedips_entry *entry)
{
	memset(entry, 0, sizeof(*entry));
	entry->family = node->bits == 32 ? AF_INET : AF_INET6;
	entry->cidr = node->cidr;
	ztnet_allowedips_key_to_addr(entry->addr, node->key, node->bits);
}

int ztnet_allowedips_cursor_peek(const struct ztnet_allowedips *table,
				 struct list_head *peer_prefixes,
				 struct ztnet_allowedips_cursor *cursor,
				 struct ztnet_allowedips_entry *entry)
{
	lockdep_assert_held(table->lock);
	if (!cursor->started) {
		cursor->started = true;
		cursor->seq = table->seq;
		cursor->node = list_first_entry_or_null(peer_prefixes,
							struct ztnet_allowedips_node,
							peer_list);
	} else if (cursor->seq != table->seq) {
		/* @cursor->node may have been freed since. */
		return -EAGAIN;
	}
	if (!cursor->node)
		return -ENOENT;
	ztnet_allowedips_read(cursor->node, entry);
	return 0;
}

void ztnet_allowedips_cursor_advance(const struct ztnet_allowedips *table,
				     struct list_head *peer_prefixes,
				     struct ztnet_allowedips_cursor *cursor)
{
	lockdep_assert_held(table->lock);
	if (!cursor->node || cursor->seq != table->seq)
		return;
	if (list_is_last(&cursor->node->peer_list, peer_prefixes))
		cursor->node = NULL;
	else
		cursor->node = list_next_entry(cursor->node, peer_list);
}
