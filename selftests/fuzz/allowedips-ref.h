/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A naive routing table to check kernel/allowedips.c against: a flat array
 * of prefixes, searched linearly.  Slow, but too simple to be wrong in the
 * same way as the trie.  Peers are small integers; -1 is "no peer".
 */
#ifndef ZTNET_ALLOWEDIPS_REF_H
#define ZTNET_ALLOWEDIPS_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ref_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* host bits cleared */
	uint8_t cidr;
	int peer;
};

struct ref_table {
	struct ref_prefix *prefixes;
	size_t count, room;
};

void ref_init(struct ref_table *ref);
void ref_free(struct ref_table *ref);

/* Clears the bits of @addr past @cidr. */
void ref_mask(uint8_t addr[16], int family, uint8_t cidr);

/* Adds a prefix, or moves it to @peer if present; false if invalid. */
bool ref_insert(struct ref_table *ref, int family, const uint8_t *addr,
		uint8_t cidr, int peer);
void ref_remove_peer(struct ref_table *ref, int peer);
/*
 * Removes the prefix if @peer has exactly it; true if it did.  False
 * also for what ref_insert would refuse.
 */
bool ref_remove(struct ref_table *ref, int family, const uint8_t *addr,
		uint8_t cidr, int peer);
int ref_lookup(const struct ref_table *ref, int family, const uint8_t *addr);
size_t ref_count_peer(const struct ref_table *ref, int peer);
/* Where the table holds this (masked) prefix, or -1. */
long ref_index(const struct ref_table *ref, int family, const uint8_t *addr,
	       uint8_t cidr);
/* Whether the table holds exactly this (masked) prefix for @peer. */
bool ref_holds(const struct ref_table *ref, int family, const uint8_t *addr,
	       uint8_t cidr, int peer);

#endif /* ZTNET_ALLOWEDIPS_REF_H */
