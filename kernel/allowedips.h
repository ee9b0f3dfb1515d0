/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptokey routing: the table that maps IPv4 and IPv6 prefixes to the peer
 * that may send from them and that packets to them are sent to.
 *
 * Lookups are lock-free under rcu_read_lock_bh().  Writers hold a mutex
 * that the caller owns, typically its device's, and names once to
 * ztnet_allowedips_init(), so that lockdep can check every change and
 * every walk.
 *
 * A peer owns a struct list_head, initialised with INIT_LIST_HEAD() before
 * its first insert, that chains the peer's prefixes: the table needs it to
 * remove a peer without walking the whole trie.  Pass the same list with
 * the same peer every time.
 */
#ifndef _ZTNET_ALLOWEDIPS_H
#define _ZTNET_ALLOWEDIPS_H

#include <linux/mutex.h>
#include <linux/types.h>

struct ztnet_peer;
struct ztnet_allowedips_node;

struct ztnet_allowedips {
	struct ztnet_allowedips_node __rcu *root4;
	struct ztnet_allowedips_node __rcu *root6;
	/* Held by every writer; lockdep checks that it is. */
	struct mutex *lock;
	/*
	 * Bumped by every change, under the caller's mutex: a dump that
	 * spans several netlink messages compares it to notice changes.
	 */
	u64 seq;
	/* Nodes set aside by ztnet_allowedips_reserve(), used first. */
	struct list_head spares;
	unsigned long spare_count;
};

/* One prefix, as a dump reports it. */
struct ztnet_allowedips_entry {
	u16 family;		/* AF_INET or AF_INET6 */
	u8 cidr;
	u8 addr[16];		/* network byte order; AF_INET uses 4 bytes */
};

/*
 * Where a walk over one peer's prefixes stands.  It holds no reference: it
 * is valid only while the table's seq is unchanged, which the cursor
 * functions check before they touch @node.
 */
struct ztnet_allowedips_cursor {
	struct ztnet_allowedips_node *node;	/* next to report, or NULL */
	u64 seq;				/* table->seq at the start */
	bool started;
};

/*
 * Makes @table empty, its writers serialised by @lock.  It needs no lock
 * itself: nobody else can see the table yet.
 */
void ztnet_allowedips_init(struct ztnet_allowedips *table, struct mutex *lock);

/*
 * Routes @family (AF_INET or AF_INET6) prefix @addr/@cidr to @peer, whose
 * list of prefixes is @peer_prefixes.  Host bits beyond @cidr are ignored.
 * A prefix that is already in the table moves to @peer.
 *
 * Returns 0, -EINVAL for an unknown family, a @cidr longer than the
 * address or a NULL @peer, or -ENOMEM; on error the table is unchanged.
 */
int ztnet_allowedips_insert(struct ztnet_allowedips *table, int family,
			    const void *addr, u8 cidr, struct ztnet_peer *peer,
			    struct list_head *peer_prefixes);

/*
 * Removes @family prefix @addr/@cidr if it is @peer's: exactly that prefix
 * (host bits beyond @cidr are ignored), not one that covers it or that it
 * covers.  A prefix that is not in the table, or that another peer has,
 * stays as it is.  Lookups already running may still return @peer for it.
 *
 * Returns 0 whether or not it removed anything, or -EINVAL for an unknown
 * family, a @cidr longer than the address or a NULL @peer.  It never
 * allocates, so it cannot fail otherwise.
 */
int ztnet_allowedips_remove(struct ztnet_allowedips *table, int family,
			    const void *addr, u8 cidr,
			    const struct ztnet_peer *peer);

/*
 * Sets aside enough nodes for @inserts more inserts, so that they cannot
 * fail for want of memory; ztnet_allowedips_unreserve() frees what they
 * left.  Returns 0, or -ENOMEM with nothing set aside.
 */
int ztnet_allowedips_reserve(struct ztnet_allowedips *table,
			     unsigned long inserts);
void ztnet_allowedips_unreserve(struct ztnet_allowedips *table);

/*
 * Removes every prefix on @peer_prefixes and leaves that list empty.  It
 * costs one walk from the root per prefix of the peer, never a walk of the
 * whole table.  Lookups already running may still return the peer: free
 * it only after an RCU-bh grace period.
 */
void ztnet_allowedips_remove_by_peer(struct ztnet_allowedips *table,
				     struct list_head *peer_prefixes);

/*
 * Removes every prefix of every peer and empties the peers' lists.  The
 * nodes are freed after a grace period, so lookups may run meanwhile.
 */
void ztnet_allowedips_free_all(struct ztnet_allowedips *table);

/*
 * Returns the peer of the longest prefix that holds @addr (4 or 16 bytes,
 * network byte order, by @family), or NULL.  The caller holds
 * rcu_read_lock_bh() and takes its own reference before unlocking.
 */
struct ztnet_peer *ztnet_allowedips_lookup(const struct ztnet_allowedips *table,
					   int family, const void *addr);

/* Prepares @cursor to walk one peer's prefixes from the first. */
void ztnet_allowedips_cursor_init(struct ztnet_allowedips_cursor *cursor);

/*
 * Fills @entry with the prefix @cursor stands on, without moving it, so
 * that a dump whose message is full can report the same prefix in the
 * next one.  The walk's first call samples the table's seq; the mutex may
 * be dropped between calls.
 *
 * Returns 0, -ENOENT once every prefix of @peer_prefixes was reported, or
 * -EAGAIN if the table changed since the walk started: the caller then
 * restarts it or flags its dump as interrupted.
 */
int ztnet_allowedips_cursor_peek(const struct ztnet_allowedips *table,
				 struct list_head *peer_prefixes,
				 struct ztnet_allowedips_cursor *cursor,
				 struct ztnet_allowedips_entry *entry);

/* Moves @cursor past the prefix the last successful peek reported. */
void ztnet_allowedips_cursor_advance(const struct ztnet_allowedips *table,
				     struct list_head *peer_prefixes,
				     struct ztnet_allowedips_cursor *cursor);

#endif /* _ZTNET_ALLOWEDIPS_H */
