// SPDX-License-Identifier: GPL-2.0
/*
 * The cryptokey routing table, kernel/allowedips.c, compiled unchanged
 * against the fuzz harness's kernel shims and checked against its naive
 * reference table (selftests/fuzz/allowedips-{ref,diff}.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "allowedips-diff.h"
#include "harness.h"

static int family_of(const char *text)
{
	return strchr(text, ':') ? AF_INET6 : AF_INET;
}

/* "addr" into @addr, which is zero past the address. */
static void parse_addr(const char *text, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(family_of(text), text, addr) != 1) {
		printf("Bail out! bad address in a test: %s\n", text);
		exit(1);
	}
}

/* "addr/cidr" to @peer, checked against the reference as it goes in. */
static bool add(struct diff_world *w, const char *prefix, int peer)
{
	char text[64];
	uint8_t addr[16];
	char *slash;

	snprintf(text, sizeof(text), "%s", prefix);
	slash = strchr(text, '/');
	if (!slash)
		return false;
	*slash = '\0';
	parse_addr(text, addr);
	return diff_insert(w, family_of(text), addr, atoi(slash + 1), peer);
}

/* "addr/cidr" removed from @peer, checked against the reference. */
static bool drop(struct diff_world *w, const char *prefix, int peer)
{
	char text[64];
	uint8_t addr[16];
	char *slash;

	snprintf(text, sizeof(text), "%s", prefix);
	slash = strchr(text, '/');
	if (!slash)
		return false;
	*slash = '\0';
	parse_addr(text, addr);
	return diff_remove(w, family_of(text), addr, atoi(slash + 1), peer);
}

/* The trie's peer for @text, or -1; it must agree with the reference. */
static int route(struct diff_world *w, const char *text)
{
	uint8_t addr[16];

	parse_addr(text, addr);
	if (!diff_lookup(w, family_of(text), addr))
		return -2;
	return diff_trie_lookup(w, family_of(text), addr);
}

static bool most_specific_wins(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.1.1.0/24", 3));
	CHECK(add(&w, "10.1.0.0/16", 2));
	CHECK(add(&w, "fd00::/8", 1));
	CHECK(add(&w, "fd00:1::/32", 2));
	CHECK(route(&w, "10.1.1.5") == 3);
	CHECK(route(&w, "10.1.2.3") == 2);
	CHECK(route(&w, "10.2.0.0") == 1);
	CHECK(route(&w, "11.0.0.0") == -1);
	CHECK(route(&w, "9.255.255.255") == -1);
	CHECK(route(&w, "fd00:1::1") == 2);
	CHECK(route(&w, "fd00:2::1") == 1);
	CHECK(route(&w, "fe00::1") == -1);
	CHECK(diff_check_dumps(&w));
	CHECK(diff_fini(&w));
	return true;
}

static bool default_routes_per_family(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(route(&w, "1.2.3.4") == -1);
	CHECK(add(&w, "0.0.0.0/0", 1));
	CHECK(route(&w, "1.2.3.4") == 1);
	CHECK(route(&w, "255.255.255.255") == 1);
	CHECK(route(&w, "::") == -1);
	CHECK(add(&w, "::/0", 2));
	CHECK(add(&w, "128.0.0.0/1", 3));
	CHECK(route(&w, "0.0.0.0") == 1);
	CHECK(route(&w, "128.0.0.1") == 3);
	CHECK(route(&w, "2001:db8::1") == 2);
	CHECK(route(&w, "ffff::1") == 2);
	CHECK(diff_fini(&w));
	return true;
}

static bool host_routes(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(add(&w, "192.0.2.1/32", 1));
	CHECK(add(&w, "192.0.2.0/31", 2));
	CHECK(add(&w, "2001:db8::1/128", 3));
	CHECK(route(&w, "192.0.2.1") == 1);
	CHECK(route(&w, "192.0.2.0") == 2);
	CHECK(route(&w, "192.0.2.2") == -1);
	CHECK(route(&w, "2001:db8::1") == 3);
	CHECK(route(&w, "2001:db8::") == -1);
	CHECK(route(&w, "2001:db8::1:1") == -1);
	CHECK(diff_check_dumps(&w));
	CHECK(diff_fini(&w));
	return true;
}

/* What a dump reports for the peer's only prefix. */
static bool only_entry(struct diff_world *w, int peer,
		       struct ztnet_allowedips_entry *entry)
{
	struct list_head *list = &w->peers[peer].allowedips;
	struct ztnet_allowedips_cursor cursor;
	int err;

	ztnet_allowedips_cursor_init(&cursor);
	mutex_lock(&w->lock);
	err = ztnet_allowedips_cursor_peek(&w->table, list, &cursor, entry);
	ztnet_allowedips_cursor_advance(&w->table, list, &cursor);
	if (!err)
		err = ztnet_allowedips_cursor_peek(&w->table, list, &cursor,
						   entry) == -ENOENT ? 0 : -1;
	mutex_unlock(&w->lock);
	return !err;
}

static bool host_bits_masked(void)
{
	struct ztnet_allowedips_entry entry;
	struct diff_world w;
	uint8_t addr[16];

	diff_init(&w, 4);
	CHECK(add(&w, "192.168.1.77/24", 1));
	CHECK(add(&w, "192.168.1.0/24", 1));
	CHECK(only_entry(&w, 1, &entry));
	parse_addr("192.168.1.0", addr);
	CHECK(entry.family == AF_INET && entry.cidr == 24);
	CHECK(!memcmp(entry.addr, addr, 16));
	CHECK(route(&w, "192.168.1.200") == 1);
	CHECK(add(&w, "2001:db8:ffff:ffff:ffff::1/33", 2));
	CHECK(only_entry(&w, 2, &entry));
	parse_addr("2001:db8:8000::", addr);
	CHECK(entry.family == AF_INET6 && entry.cidr == 33);
	CHECK(!memcmp(entry.addr, addr, 16));
	CHECK(route(&w, "2001:db8:8000::1") == 2);
	CHECK(route(&w, "2001:db8:7fff::1") == -1);
	CHECK(diff_fini(&w));
	return true;
}

static bool removal_keeps_other_peers(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.1.0.0/16", 2));
	CHECK(add(&w, "10.1.1.0/24", 1));
	CHECK(add(&w, "10.1.1.128/25", 3));
	CHECK(add(&w, "fd00::/16", 1));
	CHECK(add(&w, "fd00:1::/32", 2));
	CHECK(diff_remove_peer(&w, 1));
	CHECK(route(&w, "10.1.1.1") == 2);
	CHECK(route(&w, "10.1.1.200") == 3);
	CHECK(route(&w, "10.2.0.0") == -1);
	CHECK(route(&w, "fd00:1::1") == 2);
	CHECK(route(&w, "fd00:2::1") == -1);
	CHECK(diff_check_dumps(&w));
	/* Forks no prefix needs any more are gone: two nodes are left. */
	CHECK(diff_remove_peer(&w, 3));
	CHECK(kshim_slab_objects == 2);
	CHECK(diff_remove_peer(&w, 2));
	CHECK(kshim_slab_objects == 0);
	CHECK(diff_remove_peer(&w, 2));
	CHECK(diff_fini(&w));
	return true;
}

/* Another peer's, a covering, a covered or an absent prefix stays. */
static bool removal_takes_only_the_exact_prefix(void)
{
	struct diff_world w;
	uint64_t seq;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.1.0.0/16", 2));
	CHECK(add(&w, "10.1.1.0/24", 1));
	CHECK(add(&w, "fd00::/16", 1));
	seq = w.table.seq;
	CHECK(drop(&w, "10.1.0.0/16", 1));
	CHECK(drop(&w, "10.0.0.0/16", 1));
	CHECK(drop(&w, "10.0.0.0/7", 1));
	CHECK(drop(&w, "10.1.1.1/32", 1));
	CHECK(drop(&w, "fd00::/16", 2));
	CHECK(drop(&w, "10.0.0.0/8", 3));
	CHECK(w.table.seq == seq);
	CHECK(route(&w, "10.1.2.3") == 2 && route(&w, "10.1.1.1") == 1);
	/* Host bits do not matter, as for an insert. */
	CHECK(drop(&w, "10.1.1.99/24", 1));
	CHECK(route(&w, "10.1.1.1") == 2);
	CHECK(drop(&w, "10.0.0.0/8", 1));
	CHECK(route(&w, "10.2.0.0") == -1 && route(&w, "10.1.1.1") == 2);
	CHECK(drop(&w, "10.0.0.0/8", 1));
	CHECK(drop(&w, "fd00::/16", 1));
	CHECK(route(&w, "fd00::1") == -1);
	CHECK(diff_check_dumps(&w));
	CHECK(diff_fini(&w));
	return true;
}

/*
 * A prefix with two children stays as a fork; a leaf that goes takes its
 * parent fork with it; a prefix with one child gives it its place.  The
 * node counts say the trie keeps no fork that it does not need.
 */
static bool removal_reshapes_the_trie(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.0.0.0/9", 2));
	CHECK(add(&w, "10.128.0.0/9", 3));
	CHECK(kshim_slab_objects == 3);
	CHECK(drop(&w, "10.0.0.0/8", 1));
	CHECK(kshim_slab_objects == 3);
	CHECK(route(&w, "10.1.0.1") == 2 && route(&w, "10.200.0.1") == 3);
	CHECK(drop(&w, "10.0.0.0/9", 2));
	CHECK(kshim_slab_objects == 1);
	CHECK(route(&w, "10.1.0.1") == -1 && route(&w, "10.200.0.1") == 3);
	CHECK(add(&w, "10.128.0.0/16", 1));
	CHECK(drop(&w, "10.128.0.0/9", 3));
	CHECK(kshim_slab_objects == 1);
	CHECK(route(&w, "10.128.0.1") == 1 && route(&w, "10.200.0.1") == -1);
	CHECK(diff_check_dumps(&w));
	CHECK(drop(&w, "10.128.0.0/16", 1));
	CHECK(kshim_slab_objects == 0);
	CHECK(diff_fini(&w));
	return true;
}

/*
 * A lookup under way, which stands for one on another CPU, keeps the
 * nodes it may stand on until it is done.
 */
static bool removal_waits_for_readers(void)
{
	struct diff_world w;
	uint8_t addr[16];
	size_t objects;

	diff_init(&w, 4);
	CHECK(add(&w, "10.1.0.0/16", 1));
	CHECK(add(&w, "10.2.0.0/16", 2));
	objects = kshim_slab_objects;
	parse_addr("10.1.0.1", addr);
	rcu_read_lock_bh();
	CHECK(ztnet_allowedips_lookup(&w.table, AF_INET, addr) == &w.peers[1]);
	CHECK(drop(&w, "10.1.0.0/16", 1));
	CHECK(kshim_slab_objects == objects);
	CHECK(ztnet_allowedips_lookup(&w.table, AF_INET, addr) == NULL);
	rcu_read_unlock_bh();
	CHECK(kshim_slab_objects == objects - 2);
	CHECK(diff_fini(&w));
	return true;
}

static bool prefix_moves_to_new_peer(void)
{
	struct diff_world w;
	uint64_t seq;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.0.0.0/16", 1));
	CHECK(add(&w, "10.0.0.0/8", 2));
	CHECK(route(&w, "10.9.9.9") == 2);
	CHECK(route(&w, "10.0.9.9") == 1);
	CHECK(diff_check_dumps(&w));
	seq = w.table.seq;
	CHECK(add(&w, "10.0.0.0/8", 2));
	CHECK(w.table.seq == seq);
	CHECK(diff_remove_peer(&w, 1));
	CHECK(route(&w, "10.0.9.9") == 2);
	CHECK(diff_fini(&w));
	return true;
}

static bool invalid_arguments_refused(void)
{
	struct diff_world w;
	uint8_t addr[16] = { 10 };

	diff_init(&w, 4);
	CHECK(diff_insert(&w, AF_INET, addr, 33, 1));
	CHECK(diff_insert(&w, AF_INET6, addr, 129, 1));
	CHECK(diff_insert(&w, AF_UNIX, addr, 8, 1));
	CHECK(diff_insert(&w, AF_INET, addr, 8, -1));
	CHECK(diff_remove(&w, AF_INET, addr, 33, 1));
	CHECK(diff_remove(&w, AF_INET6, addr, 129, 1));
	CHECK(diff_remove(&w, AF_UNIX, addr, 8, 1));
	CHECK(diff_remove(&w, AF_INET, addr, 8, -1));
	CHECK(w.table.seq == 0 && kshim_slab_objects == 0);
	CHECK(diff_trie_lookup(&w, AF_UNIX, addr) == -1);
	CHECK(diff_fini(&w));
	return true;
}

/* Leaf, node above, fork: each way of adding fails cleanly, then works. */
static bool failed_allocation_changes_nothing(void)
{
	static const char *const prefixes[] = {
		"10.0.0.0/16", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24",
	};
	struct diff_world w;
	unsigned long fail_in;
	uint8_t addr[16];
	size_t i;

	diff_init(&w, 4);
	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		char text[64], *slash;

		snprintf(text, sizeof(text), "%s", prefixes[i]);
		slash = strchr(text, '/');
		*slash = '\0';
		parse_addr(text, addr);
		for (fail_in = 1; fail_in <= 3; fail_in++)
			CHECK(diff_insert_failing(&w, AF_INET, addr,
						  atoi(slash + 1), 1,
						  fail_in));
		CHECK(route(&w, text) >= -1);
	}
	CHECK(diff_check_dumps(&w));
	CHECK(diff_fini(&w));
	return true;
}

static int peek(struct diff_world *w, struct list_head *list,
		struct ztnet_allowedips_cursor *cursor,
		struct ztnet_allowedips_entry *entry, bool advance)
{
	int err;

	mutex_lock(&w->lock);
	err = ztnet_allowedips_cursor_peek(&w->table, list, cursor, entry);
	if (advance)
		ztnet_allowedips_cursor_advance(&w->table, list, cursor);
	mutex_unlock(&w->lock);
	return err;
}

static bool dump_resumes_and_sees_changes(void)
{
	struct list_head *list;
	struct ztnet_allowedips_cursor cursor;
	struct ztnet_allowedips_entry entry;
	struct diff_world w;

	diff_init(&w, 4);
	list = &w.peers[1].allowedips;
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.1.0.0/16", 1));
	CHECK(add(&w, "fd00::/8", 1));
	ztnet_allowedips_cursor_init(&cursor);
	/* A full message: the same prefix again in the next. */
	CHECK(peek(&w, list, &cursor, &entry, false) == 0);
	CHECK(entry.cidr == 8 && entry.family == AF_INET);
	CHECK(peek(&w, list, &cursor, &entry, true) == 0);
	CHECK(entry.cidr == 8 && entry.family == AF_INET);
	CHECK(peek(&w, list, &cursor, &entry, true) == 0);
	CHECK(entry.cidr == 16);
	CHECK(peek(&w, list, &cursor, &entry, true) == 0);
	CHECK(entry.family == AF_INET6);
	CHECK(peek(&w, list, &cursor, &entry, true) == -ENOENT);

	ztnet_allowedips_cursor_init(&cursor);
	CHECK(peek(&w, list, &cursor, &entry, true) == 0);
	CHECK(add(&w, "10.2.0.0/16", 2));
	CHECK(peek(&w, list, &cursor, &entry, true) == -EAGAIN);
	CHECK(peek(&w, list, &cursor, &entry, true) == -EAGAIN);

	/* A peer without prefixes, and one that loses them mid-walk. */
	ztnet_allowedips_cursor_init(&cursor);
	CHECK(peek(&w, &w.peers[3].allowedips, &cursor, &entry, true) ==
	      -ENOENT);
	ztnet_allowedips_cursor_init(&cursor);
	CHECK(peek(&w, list, &cursor, &entry, true) == 0);
	CHECK(diff_remove_peer(&w, 1));
	CHECK(peek(&w, list, &cursor, &entry, true) == -EAGAIN);
	CHECK(diff_fini(&w));
	return true;
}

static bool free_all_empties_every_peer(void)
{
	struct diff_world w;

	diff_init(&w, 4);
	CHECK(add(&w, "10.0.0.0/8", 1));
	CHECK(add(&w, "10.1.0.0/16", 2));
	CHECK(add(&w, "10.128.0.0/9", 3));
	CHECK(add(&w, "::/0", 0));
	CHECK(add(&w, "fd00::/8", 2));
	CHECK(diff_free_all(&w));
	CHECK(kshim_slab_objects == 0);
	CHECK(route(&w, "10.1.0.1") == -1);
	/* The table is usable again, and freeing it twice is harmless. */
	CHECK(add(&w, "10.1.0.0/16", 2));
	CHECK(route(&w, "10.1.0.1") == 2);
	CHECK(diff_free_all(&w));
	CHECK(diff_free_all(&w));
	CHECK(diff_fini(&w));
	return true;
}

/* xorshift64*: reproducible, and good enough to spread addresses. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(rng() % n);
}

#define HOT_ADDRS 6

static uint8_t hot[2][HOT_ADDRS][16];

/*
 * Addresses that share long prefixes, so that prefixes nest and forks
 * form: a hot address with every bit from a random depth on randomised.
 */
static void random_addr(int family, uint8_t addr[16])
{
	unsigned int bits = family == AF_INET ? 32 : 128;
	unsigned int keep = rng_below(bits + 1), i;

	memcpy(addr, hot[family == AF_INET6][rng_below(HOT_ADDRS)], 16);
	for (i = keep; i < bits; i++)
		if (rng() & 1)
			addr[i / 8] ^= 0x80 >> (i % 8);
	if (family == AF_INET)
		memset(addr + 4, 0, 12);
}

static void random_hot_addrs(void)
{
	unsigned int f, i, b;

	for (f = 0; f < 2; f++)
		for (i = 0; i < HOT_ADDRS; i++)
			for (b = 0; b < 16; b++)
				hot[f][i][b] = (uint8_t)rng();
}

static int random_family(void)
{
	return rng() & 1 ? AF_INET : AF_INET6;
}

static bool random_insert(struct diff_world *w)
{
	int family = random_family();
	unsigned int bits = family == AF_INET ? 32 : 128;
	int peer = rng_below(w->npeers + 1);	/* npeers: a NULL peer */
	uint8_t addr[16];
	uint8_t cidr;

	random_addr(family, addr);
	cidr = rng_below(50) ? rng_below(bits + 1) : rng_below(256);
	if (!rng_below(100))
		family = AF_UNIX;
	if (!rng_below(30))
		return diff_insert_failing(w, family, addr, cidr, peer,
					   1 + rng_below(2));
	return diff_insert(w, family, addr, cidr, peer);
}

/*
 * Mostly a prefix the table has, from its peer or another; else any, most
 * of them absent, some of them invalid as for an insert.
 */
static unsigned long random_removed;

static bool random_remove(struct diff_world *w)
{
	size_t before = w->ref.count;
	struct ref_prefix p;
	int peer = rng_below(w->npeers + 1);
	uint8_t addr[16];
	bool ok;
	int family;

	/* A copy: the reference's removal moves its prefixes. */
	if (w->ref.count && rng_below(4)) {
		p = w->ref.prefixes[rng_below(w->ref.count)];
		if (rng_below(4))
			peer = p.peer;
		ok = diff_remove(w, p.family, p.addr, p.cidr, peer);
		random_removed += w->ref.count < before;
		return ok;
	}
	family = random_family();
	random_addr(family, addr);
	return diff_remove(w, rng_below(100) ? family : AF_UNIX, addr,
			   rng_below(50) ? rng_below(129) : rng_below(256),
			   peer);
}

static bool random_op(struct diff_world *w, unsigned int op)
{
	unsigned int dice = rng_below(100);
	uint8_t addr[16];
	int family;

	if (op == 10000)
		return diff_free_all(w);
	if (dice < 45)
		return random_insert(w);
	if (dice < 46)
		return diff_remove_peer(w, rng_below(w->npeers));
	if (dice < 60)
		return random_remove(w);
	family = random_family();
	random_addr(family, addr);
	return diff_lookup(w, family, addr);
}

static bool random_ops_match_reference(void)
{
	struct diff_world w;
	unsigned int op;

	rng_state = 0x5eed2a11d1f5ULL;
	random_hot_addrs();
	diff_init(&w, 16);
	for (op = 0; op < 30000; op++) {
		CHECK(random_op(&w, op));
		/* Fewer forks than prefixes, whatever happened before. */
		CHECK(kshim_slab_objects <= 2 * w.ref.count);
		if (op % 1000 == 999)
			CHECK(diff_check_dumps(&w));
	}
	printf("# 30000 operations, %lu prefixes removed one by one, %zu at the end in %zu nodes\n",
	       random_removed, w.ref.count, kshim_slab_objects);
	CHECK(diff_check_dumps(&w));
	CHECK(diff_fini(&w));
	return true;
}

#define LOAD_PREFIXES 100000
#define LOAD_PEERS 1000
#define LOAD_LOOKUPS 1000000

struct load_prefix {
	int family;
	uint8_t addr[16];	/* an address inside the prefix */
	uint8_t cidr;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Disjoint prefixes: each starts with its own number, scrambled by an odd
 * multiplier (a bijection), so that each address routes to its own peer.
 * Half are IPv4, numbered in 20 bits; half IPv6, numbered in 32.
 */
static void load_prefix_make(struct load_prefix *p, uint32_t i)
{
	uint32_t id;
	unsigned int b;

	for (b = 0; b < 16; b++)
		p->addr[b] = (uint8_t)rng();
	if (i % 2) {
		p->family = AF_INET;
		id = (i / 2 * 2654435761u) & 0xfffff;
		p->addr[0] = id >> 12;
		p->addr[1] = id >> 4;
		p->addr[2] = (p->addr[2] & 0x0f) | (id << 4 & 0xf0);
		memset(p->addr + 4, 0, 12);
		p->cidr = 20 + rng_below(13);
	} else {
		p->family = AF_INET6;
		id = i / 2 * 2654435761u;
		p->addr[0] = id >> 24;
		p->addr[1] = id >> 16;
		p->addr[2] = id >> 8;
		p->addr[3] = id;
		p->cidr = 32 + rng_below(97);
	}
}

static bool load_insert_all(struct diff_world *w, const struct load_prefix *p)
{
	double start = now_ms(), ms;
	uint32_t i;
	int err = 0;

	mutex_lock(&w->lock);
	for (i = 0; i < LOAD_PREFIXES && !err; i++)
		err = ztnet_allowedips_insert(&w->table, p[i].family,
					      p[i].addr, p[i].cidr,
					      &w->peers[i % LOAD_PEERS],
					      &w->peers[i % LOAD_PEERS].allowedips);
	mutex_unlock(&w->lock);
	ms = now_ms() - start;
	CHECK(!err);
	printf("# %d prefixes loaded in %.1f ms (%.0f ns each); %zu nodes, %.1f bytes per prefix\n",
	       LOAD_PREFIXES, ms, ms * 1e6 / LOAD_PREFIXES, kshim_slab_objects,
	       (double)kshim_slab_bytes / LOAD_PREFIXES);
	return true;
}

/* Every prefix routes to its peer, or to none once its peer is gone. */
static bool load_check_routes(struct diff_world *w, const struct load_prefix *p,
			      int removed_below)
{
	uint32_t i;
	int peer, want;

	for (i = 0; i < LOAD_PREFIXES; i++) {
		peer = diff_trie_lookup(w, p[i].family, p[i].addr);
		want = (int)(i % LOAD_PEERS);
		if (want < removed_below)
			want = -1;
		if (peer != want)
			printf("# prefix %u: peer %d, not %d\n", i, peer, want);
		CHECK(peer == want);
	}
	return true;
}

static bool load_time_lookups(struct diff_world *w, const struct load_prefix *p)
{
	double start, ms;
	unsigned long hits = 0;
	uint32_t i, at;

	start = now_ms();
	rcu_read_lock_bh();
	for (i = 0; i < LOAD_LOOKUPS; i++) {
		at = (i * 7919u) % LOAD_PREFIXES;
		hits += !!ztnet_allowedips_lookup(&w->table, p[at].family,
						  p[at].addr);
	}
	rcu_read_unlock_bh();
	ms = now_ms() - start;
	CHECK(hits == LOAD_LOOKUPS);
	printf("# %d lookups in %.1f ms (%.0f ns each, %.1f M/s)\n",
	       LOAD_LOOKUPS, ms, ms * 1e6 / LOAD_LOOKUPS,
	       LOAD_LOOKUPS / ms / 1e3);
	return true;
}

static bool load_remove_half(struct diff_world *w)
{
	double start = now_ms();
	int i;

	mutex_lock(&w->lock);
	for (i = 0; i < LOAD_PEERS / 2; i++)
		ztnet_allowedips_remove_by_peer(&w->table,
						&w->peers[i].allowedips);
	mutex_unlock(&w->lock);
	printf("# %d peers with %d prefixes removed in %.1f ms\n",
	       LOAD_PEERS / 2, LOAD_PREFIXES / 2, now_ms() - start);
	return true;
}

static bool load_100k_prefixes(void)
{
	struct load_prefix *p = calloc(LOAD_PREFIXES, sizeof(*p));
	struct diff_world w;
	double start;
	uint32_t i;

	CHECK(p);
	rng_state = 0x100000ULL;
	for (i = 0; i < LOAD_PREFIXES; i++)
		load_prefix_make(&p[i], i);
	diff_init(&w, LOAD_PEERS);
	CHECK(load_insert_all(&w, p));
	CHECK(kshim_slab_objects < 2 * LOAD_PREFIXES);
	CHECK(load_check_routes(&w, p, 0));
	CHECK(load_time_lookups(&w, p));
	CHECK(load_remove_half(&w));
	CHECK(load_check_routes(&w, p, LOAD_PEERS / 2));
	start = now_ms();
	CHECK(diff_fini(&w));
	printf("# the other %d prefixes freed in %.1f ms\n",
	       LOAD_PREFIXES / 2, now_ms() - start);
	free(p);
	return true;
}

static const struct test_case cases[] = {
	{ "the most specific prefix wins", most_specific_wins },
	{ "/0 default routes, one per family", default_routes_per_family },
	{ "/32 and /128 host routes", host_routes },
	{ "host bits past the prefix are masked", host_bits_masked },
	{ "removing a peer leaves the others", removal_keeps_other_peers },
	{ "removing a prefix takes only the peer's own, exactly",
	  removal_takes_only_the_exact_prefix },
	{ "removing a prefix keeps only the forks the trie needs",
	  removal_reshapes_the_trie },
	{ "a removed prefix is freed after the readers",
	  removal_waits_for_readers },
	{ "an existing prefix moves to its new peer",
	  prefix_moves_to_new_peer },
	{ "invalid arguments are refused", invalid_arguments_refused },
	{ "a failed allocation changes nothing",
	  failed_allocation_changes_nothing },
	{ "a dump resumes, and notices changes",
	  dump_resumes_and_sees_changes },
	{ "free_all empties every peer", free_all_empties_every_peer },
	{ "30000 random operations match the reference",
	  random_ops_match_reference },
	{ "100000 prefixes load, route and unload", load_100k_prefixes },
};

TEST_SUITE(allowedips_suite, "allowedips", cases);
