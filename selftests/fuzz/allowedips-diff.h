/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differential checking of kernel/allowedips.c, shared by the unit test
 * and the fuzz target: every operation goes to the trie (compiled against
 * kshim/) and to the naive table of allowedips-ref.h, and every answer of
 * the trie is compared with the reference's.
 *
 * The functions return false after printing one "# ..." line that says
 * what differed; the unit test fails its case, the fuzzer aborts.
 */
#ifndef ZTNET_ALLOWEDIPS_DIFF_H
#define ZTNET_ALLOWEDIPS_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/list.h>
#include <linux/mutex.h>

#include "allowedips.h"
#include "allowedips-ref.h"

/* The table keeps peers opaque; a test may define them as it likes. */
struct ztnet_peer {
	int id;
	struct list_head allowedips;
};

struct diff_world {
	struct ztnet_allowedips table;
	struct mutex lock;
	struct ztnet_peer *peers;
	int npeers;
	struct ref_table ref;
};

/* A world with @npeers peers, numbered from 0, and empty tables. */
void diff_init(struct diff_world *w, int npeers);
/* Frees everything; false if the trie leaked or freed too much. */
bool diff_fini(struct diff_world *w);

/* Any @peer outside 0..npeers-1 stands for a NULL peer. */
bool diff_insert(struct diff_world *w, int family, const uint8_t *addr,
		 uint8_t cidr, int peer);
/* The same, with the @fail_in-th allocation failing (0: none). */
bool diff_insert_failing(struct diff_world *w, int family,
			 const uint8_t *addr, uint8_t cidr, int peer,
			 unsigned long fail_in);
/*
 * Sets nodes aside for @inserts inserts, the @fail_in-th allocation
 * failing (0: none).  A reservation that fails must set nothing aside and
 * leave the table as it was; *@reserved says whether it was made.
 */
bool diff_reserve(struct diff_world *w, unsigned long inserts,
		  unsigned long fail_in, bool *reserved);
/* An insert on the reservation: it may not even try to allocate. */
bool diff_insert_reserved(struct diff_world *w, int family,
			  const uint8_t *addr, uint8_t cidr, int peer);
/* Frees what the reservation left, and no node of the table. */
bool diff_unreserve(struct diff_world *w);
/*
 * Removes one prefix if @peer has exactly it: it may not allocate, must
 * change the table (and its seq) just when the reference's changes, and
 * may free nodes only.
 */
bool diff_remove(struct diff_world *w, int family, const uint8_t *addr,
		 uint8_t cidr, int peer);
bool diff_remove_peer(struct diff_world *w, int peer);
bool diff_free_all(struct diff_world *w);
bool diff_lookup(struct diff_world *w, int family, const uint8_t *addr);
/* Walks every peer's prefixes with a cursor and compares them. */
bool diff_check_dumps(struct diff_world *w);

/* The trie's answer alone: the peer's number, or -1. */
int diff_trie_lookup(struct diff_world *w, int family, const uint8_t *addr);

#endif /* ZTNET_ALLOWEDIPS_DIFF_H */
