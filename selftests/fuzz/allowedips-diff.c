// SPDX-License-Identifier: GPL-2.0
/* Differential checking of kernel/allowedips.c: see allowedips-diff.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "allowedips-diff.h"

static bool differs(const char *what, int family, const uint8_t *addr,
		    int cidr, long trie, long ref)
{
	char text[INET6_ADDRSTRLEN] = "?";

	if (family == AF_INET || family == AF_INET6)
		inet_ntop(family, addr, text, sizeof(text));
	printf("# %s %s/%d: trie says %ld, reference says %ld\n",
	       what, text, cidr, trie, ref);
	return false;
}

void diff_init(struct diff_world *w, int npeers)
{
	int i;

	memset(w, 0, sizeof(*w));
	mutex_init(&w->lock);
	ztnet_allowedips_init(&w->table, &w->lock);
	w->npeers = npeers;
	w->peers = calloc(npeers, sizeof(*w->peers));
	if (!w->peers) {
		perror("diff_init");
		abort();
	}
	for (i = 0; i < npeers; i++) {
		w->peers[i].id = i;
		INIT_LIST_HEAD(&w->peers[i].allowedips);
	}
	ref_init(&w->ref);
}

bool diff_fini(struct diff_world *w)
{
	bool ok = diff_free_all(w);

	if (kshim_slab_objects) {
		printf("# %zu objects still allocated after free_all\n",
		       kshim_slab_objects);
		ok = false;
	}
	free(w->peers);
	ref_free(&w->ref);
	mutex_destroy(&w->lock);
	return ok;
}

static struct ztnet_peer *diff_peer(struct diff_world *w, int peer)
{
	return peer >= 0 && peer < w->npeers ? &w->peers[peer] : NULL;
}

/* The list the insert is given: some peer's, even for a NULL peer. */
static struct list_head *diff_peer_list(struct diff_world *w, int peer)
{
	struct ztnet_peer *p = diff_peer(w, peer);

	return p ? &p->allowedips : &w->peers[0].allowedips;
}

int diff_trie_lookup(struct diff_world *w, int family, const uint8_t *addr)
{
	struct ztnet_peer *peer;

	rcu_read_lock_bh();
	peer = ztnet_allowedips_lookup(&w->table, family, addr);
	rcu_read_unlock_bh();
	return peer ? peer->id : -1;
}

/* Whether the table must take the arguments, or refuse them. */
static bool diff_valid(struct diff_world *w, int family, uint8_t cidr,
		       int peer)
{
	return (family == AF_INET || family == AF_INET6) &&
	       diff_peer(w, peer) && cidr <= (family == AF_INET ? 32 : 128);
}

/* Whether the reference's insert changes what it holds. */
static bool diff_ref_changes(struct diff_world *w, int family,
			     const uint8_t *addr, uint8_t cidr, int peer)
{
	uint8_t masked[16] = { 0 };

	memcpy(masked, addr, family == AF_INET ? 4 : 16);
	ref_mask(masked, family, cidr);
	return !ref_holds(&w->ref, family, masked, cidr, peer);
}

static bool diff_insert_done(struct diff_world *w, int family,
			     const uint8_t *addr, uint8_t cidr, int peer,
			     int err, uint64_t seq)
{
	bool valid = diff_valid(w, family, cidr, peer);
	bool changes = valid && diff_ref_changes(w, family, addr, cidr, peer);

	if (err == -ENOMEM) {
		if (w->table.seq != seq)
			return differs("seq moved by failed insert", family,
				       addr, cidr, (long)w->table.seq, (long)seq);
		return true;
	}
	if (err != (valid ? 0 : -EINVAL))
		return differs("insert", family, addr, cidr, err,
			       valid ? 0 : -EINVAL);
	if (valid)
		ref_insert(&w->ref, family, addr, cidr, peer);
	if (changes != (w->table.seq != seq))
		return differs("seq change on insert", family, addr, cidr,
			       w->table.seq != seq, changes);
	return true;
}

bool diff_insert_failing(struct diff_world *w, int family,
			 const uint8_t *addr, uint8_t cidr, int peer,
			 unsigned long fail_in)
{
	uint64_t seq = w->table.seq;
	size_t objects = kshim_slab_objects;
	int err;

	mutex_lock(&w->lock);
	kshim_slab_fail_in = fail_in;
	err = ztnet_allowedips_insert(&w->table, family, addr, cidr,
				      diff_peer(w, peer),
				      diff_peer_list(w, peer));
	kshim_slab_fail_in = 0;
	mutex_unlock(&w->lock);
	if (err == -ENOMEM && kshim_slab_objects != objects)
		return differs("objects kept by failed insert", family, addr,
			       cidr, (long)kshim_slab_objects, (long)objects);
	return diff_insert_done(w, family, addr, cidr, peer, err, seq);
}

bool diff_insert(struct diff_world *w, int family, const uint8_t *addr,
		 uint8_t cidr, int peer)
{
	return diff_insert_failing(w, family, addr, cidr, peer, 0);
}

bool diff_reserve(struct diff_world *w, unsigned long inserts,
		  unsigned long fail_in, bool *reserved)
{
	uint64_t seq = w->table.seq;
	size_t objects = kshim_slab_objects;
	int err;

	mutex_lock(&w->lock);
	kshim_slab_fail_in = fail_in;
	err = ztnet_allowedips_reserve(&w->table, inserts);
	kshim_slab_fail_in = 0;
	mutex_unlock(&w->lock);
	*reserved = !err;
	if (err && err != -ENOMEM)
		return differs("reserve", 0, NULL, 0, err, -ENOMEM);
	if (w->table.seq != seq)
		return differs("seq change on reserve", 0, NULL, 0,
			       (long)w->table.seq, (long)seq);
	if (err && (w->table.spare_count || !list_empty(&w->table.spares) ||
		    kshim_slab_objects != objects))
		return differs("nodes kept by failed reserve", 0, NULL, 0,
			       (long)(kshim_slab_objects - objects), 0);
	if (!err && kshim_slab_objects - objects != w->table.spare_count)
		return differs("nodes set aside by reserve", 0, NULL, 0,
			       (long)(kshim_slab_objects - objects),
			       (long)w->table.spare_count);
	return true;
}

bool diff_insert_reserved(struct diff_world *w, int family,
			  const uint8_t *addr, uint8_t cidr, int peer)
{
	unsigned long spares = w->table.spare_count;
	uint64_t seq = w->table.seq;
	bool allocated;
	int err;

	mutex_lock(&w->lock);
	kshim_slab_fail_in = 1;
	err = ztnet_allowedips_insert(&w->table, family, addr, cidr,
				      diff_peer(w, peer),
				      diff_peer_list(w, peer));
	/* Any allocation, had there been one, would have failed. */
	allocated = kshim_slab_fail_in != 1;
	kshim_slab_fail_in = 0;
	mutex_unlock(&w->lock);
	if (allocated)
		return differs("allocation by reserved insert", family, addr,
			       cidr, err, 0);
	/* An insert makes at most a fork and a leaf. */
	if (w->table.spare_count > spares || spares - w->table.spare_count > 2)
		return differs("spares taken by insert", family, addr, cidr,
			       (long)(spares - w->table.spare_count), 2);
	return diff_insert_done(w, family, addr, cidr, peer, err, seq);
}

bool diff_unreserve(struct diff_world *w)
{
	unsigned long spares = w->table.spare_count;
	size_t objects = kshim_slab_objects;

	mutex_lock(&w->lock);
	ztnet_allowedips_unreserve(&w->table);
	mutex_unlock(&w->lock);
	if (w->table.spare_count || !list_empty(&w->table.spares) ||
	    objects - kshim_slab_objects != spares)
		return differs("nodes freed by unreserve", 0, NULL, 0,
			       (long)(objects - kshim_slab_objects),
			       (long)spares);
	return true;
}

bool diff_remove(struct diff_world *w, int family, const uint8_t *addr,
		 uint8_t cidr, int peer)
{
	bool valid = diff_valid(w, family, cidr, peer), removed, allocated;
	size_t objects = kshim_slab_objects;
	uint64_t seq = w->table.seq;
	int err;

	mutex_lock(&w->lock);
	kshim_slab_fail_in = 1;
	err = ztnet_allowedips_remove(&w->table, family, addr, cidr,
				      diff_peer(w, peer));
	/* Any allocation, had there been one, would have failed. */
	allocated = kshim_slab_fail_in != 1;
	kshim_slab_fail_in = 0;
	mutex_unlock(&w->lock);
	removed = valid && ref_remove(&w->ref, family, addr, cidr, peer);
	if (allocated || kshim_slab_objects > objects)
		return differs("allocation by remove", family, addr, cidr,
			       (long)kshim_slab_objects, (long)objects);
	if (err != (valid ? 0 : -EINVAL))
		return differs("remove", family, addr, cidr, err,
			       valid ? 0 : -EINVAL);
	if (removed != (w->table.seq != seq))
		return differs("seq change on remove", family, addr, cidr,
			       w->table.seq != seq, removed);
	return true;
}

bool diff_remove_peer(struct diff_world *w, int peer)
{
	struct ztnet_peer *p = diff_peer(w, peer);
	uint64_t seq = w->table.seq;
	bool had = ref_count_peer(&w->ref, peer) > 0;

	if (!p)
		return true;
	mutex_lock(&w->lock);
	ztnet_allowedips_remove_by_peer(&w->table, &p->allowedips);
	mutex_unlock(&w->lock);
	ref_remove_peer(&w->ref, peer);
	if (!list_empty(&p->allowedips))
		return differs("list left by removal of peer", 0, NULL, 0,
			       peer, -1);
	if (had != (w->table.seq != seq))
		return differs("seq change on removal of peer", 0, NULL, 0,
			       w->table.seq != seq, had);
	return true;
}

bool diff_free_all(struct diff_world *w)
{
	uint64_t seq = w->table.seq;
	int i;

	mutex_lock(&w->lock);
	ztnet_allowedips_free_all(&w->table);
	mutex_unlock(&w->lock);
	for (i = 0; i < w->npeers; i++) {
		if (!list_empty(&w->peers[i].allowedips))
			return differs("list left by free_all of peer", 0,
				       NULL, 0, i, -1);
		ref_remove_peer(&w->ref, i);
	}
	if (w->table.seq == seq)
		return differs("seq change on free_all", 0, NULL, 0, 0, 1);
	if (rcu_access_pointer(w->table.root4) ||
	    rcu_access_pointer(w->table.root6))
		return differs("roots left by free_all", 0, NULL, 0, 1, 0);
	return true;
}

bool diff_lookup(struct diff_world *w, int family, const uint8_t *addr)
{
	int trie = diff_trie_lookup(w, family, addr);
	int ref = ref_lookup(&w->ref, family, addr);

	if (trie != ref)
		return differs("lookup", family, addr,
			       family == AF_INET ? 32 : 128, trie, ref);
	return true;
}

/*
 * Each prefix reported for @peer is the peer's in the reference, none
 * twice, and none of the peer's is missing.
 */
static bool diff_check_dump(struct diff_world *w, int peer, bool *seen)
{
	struct ztnet_peer *p = &w->peers[peer];
	struct ztnet_allowedips_cursor cursor;
	struct ztnet_allowedips_entry entry;
	size_t count = 0;
	bool ok = true;
	long at;
	int err;

	ztnet_allowedips_cursor_init(&cursor);
	mutex_lock(&w->lock);
	while (ok && !(err = ztnet_allowedips_cursor_peek(&w->table,
							  &p->allowedips,
							  &cursor, &entry))) {
		ztnet_allowedips_cursor_advance(&w->table, &p->allowedips,
						&cursor);
		at = ref_index(&w->ref, entry.family, entry.addr, entry.cidr);
		if (at < 0 || seen[at] || w->ref.prefixes[at].peer != peer)
			ok = differs("dumped prefix", entry.family, entry.addr,
				     entry.cidr, peer,
				     at < 0 ? -1 : w->ref.prefixes[at].peer);
		else
			seen[at] = true;
		count++;
	}
	mutex_unlock(&w->lock);
	if (ok && err != -ENOENT)
		return differs("end of dump of peer", 0, NULL, 0, err, -ENOENT);
	if (ok && count != ref_count_peer(&w->ref, peer))
		return differs("prefix count of peer", 0, NULL, 0, (long)count,
			       (long)ref_count_peer(&w->ref, peer));
	return ok;
}

bool diff_check_dumps(struct diff_world *w)
{
	bool *seen = calloc(w->ref.count + 1, sizeof(*seen));
	bool ok = true;
	int i;

	if (!seen) {
		perror("diff_check_dumps");
		abort();
	}
	for (i = 0; ok && i < w->npeers; i++)
		ok = diff_check_dump(w, i, seen);
	free(seen);
	return ok;
}
