// SPDX-License-Identifier: GPL-2.0
/* The naive reference routing table of allowedips-ref.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "allowedips-ref.h"

static unsigned int ref_bits(int family)
{
	return family == AF_INET ? 32 : family == AF_INET6 ? 128 : 0;
}

void ref_init(struct ref_table *ref)
{
	memset(ref, 0, sizeof(*ref));
}

void ref_free(struct ref_table *ref)
{
	free(ref->prefixes);
	ref_init(ref);
}

void ref_mask(uint8_t addr[16], int family, uint8_t cidr)
{
	unsigned int i, bytes = ref_bits(family) / 8;

	for (i = 0; i < 16; i++) {
		if (i >= bytes || cidr <= i * 8)
			addr[i] = 0;
		else if (cidr < i * 8 + 8)
			addr[i] &= (uint8_t)(0xff00 >> (cidr - i * 8));
	}
}

/* Whether the first @cidr bits of @a and @b agree. */
static bool ref_covers(const uint8_t *a, const uint8_t *b, unsigned int cidr)
{
	unsigned int i;

	for (i = 0; i < cidr; i++)
		if (((a[i / 8] ^ b[i / 8]) >> (7 - i % 8)) & 1)
			return false;
	return true;
}

static struct ref_prefix *ref_find(const struct ref_table *ref, int family,
				   const uint8_t *masked, uint8_t cidr)
{
	size_t i;

	for (i = 0; i < ref->count; i++) {
		struct ref_prefix *p = &ref->prefixes[i];

		if (p->family == family && p->cidr == cidr &&
		    !memcmp(p->addr, masked, 16))
			return p;
	}
	return NULL;
}

bool ref_insert(struct ref_table *ref, int family, const uint8_t *addr,
		uint8_t cidr, int peer)
{
	unsigned int bits = ref_bits(family);
	struct ref_prefix *p;
	uint8_t masked[16] = { 0 };

	if (!bits || cidr > bits || peer < 0)
		return false;
	memcpy(masked, addr, bits / 8);
	ref_mask(masked, family, cidr);
	p = ref_find(ref, family, masked, cidr);
	if (!p) {
		if (ref->count == ref->room) {
			ref->room = ref->room ? 2 * ref->room : 64;
			ref->prefixes = realloc(ref->prefixes,
						ref->room * sizeof(*p));
			if (!ref->prefixes) {
				perror("ref_insert");
				abort();
			}
		}
		p = &ref->prefixes[ref->count++];
		p->family = family;
		memcpy(p->addr, masked, 16);
		p->cidr = cidr;
	}
	p->peer = peer;
	return true;
}

void ref_remove_peer(struct ref_table *ref, int peer)
{
	size_t i, kept = 0;

	for (i = 0; i < ref->count; i++)
		if (ref->prefixes[i].peer != peer)
			ref->prefixes[kept++] = ref->prefixes[i];
	ref->count = kept;
}

bool ref_remove(struct ref_table *ref, int family, const uint8_t *addr,
		uint8_t cidr, int peer)
{
	unsigned int bits = ref_bits(family);
	uint8_t masked[16] = { 0 };
	struct ref_prefix *p;

	if (!bits || cidr > bits || peer < 0)
		return false;
	memcpy(masked, addr, bits / 8);
	ref_mask(masked, family, cidr);
	p = ref_find(ref, family, masked, cidr);
	if (!p || p->peer != peer)
		return false;
	*p = ref->prefixes[--ref->count];
	return true;
}

int ref_lookup(const struct ref_table *ref, int family, const uint8_t *addr)
{
	int best = -1, best_cidr = -1;
	size_t i;

	for (i = 0; i < ref->count; i++) {
		const struct ref_prefix *p = &ref->prefixes[i];

		if (p->family == family && p->cidr > best_cidr &&
		    ref_covers(p->addr, addr, p->cidr)) {
			best = p->peer;
			best_cidr = p->cidr;
		}
	}
	return best;
}

size_t ref_count_peer(const struct ref_table *ref, int peer)
{
	size_t i, n = 0;

	for (i = 0; i < ref->count; i++)
		n += ref->prefixes[i].peer == peer;
	return n;
}

long ref_index(const struct ref_table *ref, int family, const uint8_t *addr,
	       uint8_t cidr)
{
	const struct ref_prefix *p = ref_find(ref, family, addr, cidr);

	return p ? p - ref->prefixes : -1;
}

bool ref_holds(const struct ref_table *ref, int family, const uint8_t *addr,
	       uint8_t cidr, int peer)
{
	const struct ref_prefix *p = ref_find(ref, family, addr, cidr);

	return p && p->peer == peer;
}
