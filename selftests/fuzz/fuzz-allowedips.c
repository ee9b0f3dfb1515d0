// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the module's routing table (kernel/allowedips.c, compiled
 * unchanged against kshim/) against the naive reference table of
 * allowedips-ref.c.  The input is a list of operations, each an opcode
 * byte and its operands:
 *
 *	0 peer cidr a b c d		insert an IPv4 prefix
 *	1 peer cidr a...(16)		insert an IPv6 prefix
 *	2 peer				remove a peer's prefixes
 *	3 a b c d			look up an IPv4 address
 *	4 a...(16)			look up an IPv6 address
 *	5				walk every peer's prefixes
 *	6				free the whole table
 *	7 fail family peer cidr a...	insert, an allocation failing
 *	8 k n fail [family peer cidr a...]...
 *					inserts on a reservation
 *	9 family peer cidr a...		remove a prefix if the peer has it
 *
 * Opcodes and peers are taken modulo their count; peer FUZZ_PEERS means a
 * NULL peer.  A cidr byte below 0xf0 is taken modulo the address length
 * plus one, so most are valid; the others are the invalid lengths just
 * past it.  After the last operation every peer's walk is checked and
 * the table is freed, which must free every node.
 *
 * Operation 7 fails allocation 1 + fail % 3 of the insert; its family
 * byte is IPv6 when odd, IPv4 when even, and AF_UNIX at 0xff, which the
 * table must refuse (its address then has 16 bytes).  Operation 9 takes
 * the same family byte; a removal may not allocate at all.
 *
 * Operation 8 reserves nodes for k % 17 inserts, failing allocation
 * fail % (2k + 2) of the reservation (0: none; it makes 2k), then makes
 * n % (k + 1) inserts, each with a family byte as in operation 7, while
 * every allocation fails.  On a reservation none may fail for memory, or
 * even try to allocate; without one they may fail.  Then it frees the
 * nodes left over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "allowedips-diff.h"

#define FUZZ_PEERS 6
#define FUZZ_OPS 10
#define FUZZ_MAX_RESERVE 16

struct fuzz_input {
	const uint8_t *data;
	size_t left;
};

/* The checks print what differed; it must reach the log before abort. */
static void require(bool ok)
{
	if (!ok) {
		fflush(stdout);
		abort();
	}
}

/* The next @len bytes, or NULL at the end of the input. */
static const uint8_t *take(struct fuzz_input *in, size_t len)
{
	const uint8_t *bytes = in->data;

	if (in->left < len)
		return NULL;
	in->data += len;
	in->left -= len;
	return bytes;
}

static unsigned int bits_of(int family)
{
	return family == AF_INET ? 32 : 128;
}

static uint8_t cidr_of(uint8_t byte, int family)
{
	unsigned int bits = bits_of(family);

	if (byte < 0xf0)
		return byte % (bits + 1);
	return bits + 1 + (byte - 0xf0);
}

/* A family byte: IPv6 when odd, IPv4 when even, AF_UNIX at 0xff. */
static int family_of(uint8_t byte)
{
	if (byte == 0xff)
		return AF_UNIX;
	return byte & 1 ? AF_INET6 : AF_INET;
}

struct fuzz_prefix {
	int family;
	uint8_t addr[16];
	uint8_t cidr;
	int peer;
};

/* An insert's operands, peer cidr a...; false at the end of the input. */
static bool take_prefix(struct fuzz_input *in, int family,
			struct fuzz_prefix *p)
{
	const uint8_t *args = take(in, 2);
	const uint8_t *addr = take(in, family == AF_INET ? 4 : 16);

	if (!args || !addr)
		return false;
	p->family = family;
	memset(p->addr, 0, sizeof(p->addr));
	memcpy(p->addr, addr, family == AF_INET ? 4 : 16);
	p->cidr = cidr_of(args[1], family);
	p->peer = args[0] % (FUZZ_PEERS + 1);
	return true;
}

static bool fuzz_insert(struct diff_world *w, struct fuzz_input *in,
			int family, unsigned long fail_in)
{
	struct fuzz_prefix p;

	return !take_prefix(in, family, &p) ||
	       diff_insert_failing(w, p.family, p.addr, p.cidr, p.peer,
				   fail_in);
}

/*
 * An insert whose @fail-th allocation fails; a family byte of 0xff is
 * AF_UNIX, which the table must refuse.
 */
static bool fuzz_insert_failing(struct diff_world *w, struct fuzz_input *in)
{
	const uint8_t *args = take(in, 2);

	if (!args)
		return true;
	return fuzz_insert(w, in, family_of(args[1]), 1 + args[0] % 3);
}

/* One insert of operation 8, on the reservation if there is one. */
static bool fuzz_insert_reserved(struct diff_world *w, struct fuzz_input *in,
				 bool reserved, bool *more)
{
	const uint8_t *family = take(in, 1);
	struct fuzz_prefix p;

	*more = family && take_prefix(in, family_of(*family), &p);
	if (!*more)
		return true;
	if (reserved)
		return diff_insert_reserved(w, p.family, p.addr, p.cidr,
					    p.peer);
	return diff_insert_failing(w, p.family, p.addr, p.cidr, p.peer, 1);
}

/*
 * The inserts of a change that reserved first, so that it cannot fail
 * half-made: the reservation may fail, the inserts on it may not.
 */
static bool fuzz_reserved_inserts(struct diff_world *w, struct fuzz_input *in)
{
	const uint8_t *args = take(in, 3);
	unsigned long inserts, n, i;
	bool reserved, more = true, ok;

	if (!args)
		return true;
	inserts = args[0] % (FUZZ_MAX_RESERVE + 1);
	n = args[1] % (inserts + 1);
	ok = diff_reserve(w, inserts, args[2] % (2 * inserts + 2),
			  &reserved);
	for (i = 0; ok && more && i < n; i++)
		ok = fuzz_insert_reserved(w, in, reserved, &more);
	return diff_unreserve(w) && ok;
}

static bool fuzz_lookup(struct diff_world *w, struct fuzz_input *in,
			int family)
{
	const uint8_t *addr = take(in, family == AF_INET ? 4 : 16);
	uint8_t full[16] = { 0 };

	if (!addr)
		return true;
	memcpy(full, addr, family == AF_INET ? 4 : 16);
	return diff_lookup(w, family, full);
}

static bool fuzz_remove(struct diff_world *w, struct fuzz_input *in)
{
	const uint8_t *peer = take(in, 1);

	return !peer || diff_remove_peer(w, *peer % FUZZ_PEERS);
}

/* Only what the peer has goes; a peer NULL or unknown must be refused. */
static bool fuzz_remove_prefix(struct diff_world *w, struct fuzz_input *in)
{
	const uint8_t *family = take(in, 1);
	struct fuzz_prefix p;

	if (!family || !take_prefix(in, family_of(*family), &p))
		return true;
	return diff_remove(w, p.family, p.addr, p.cidr, p.peer);
}

static bool fuzz_op(struct diff_world *w, struct fuzz_input *in, uint8_t op)
{
	switch (op % FUZZ_OPS) {
	case 0:
		return fuzz_insert(w, in, AF_INET, 0);
	case 1:
		return fuzz_insert(w, in, AF_INET6, 0);
	case 2:
		return fuzz_remove(w, in);
	case 3:
		return fuzz_lookup(w, in, AF_INET);
	case 4:
		return fuzz_lookup(w, in, AF_INET6);
	case 5:
		return diff_check_dumps(w);
	case 6:
		return diff_free_all(w);
	case 7:
		return fuzz_insert_failing(w, in);
	case 8:
		return fuzz_reserved_inserts(w, in);
	default:
		return fuzz_remove_prefix(w, in);
	}
}

/* Each prefix's own address routes to it: the deepest lookups there are. */
static bool fuzz_check_prefixes(struct diff_world *w)
{
	size_t i;

	for (i = 0; i < w->ref.count && i < 64; i++)
		if (!diff_lookup(w, w->ref.prefixes[i].family,
				 w->ref.prefixes[i].addr))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct diff_world w;
	const uint8_t *op;

	diff_init(&w, FUZZ_PEERS);
	while ((op = take(&in, 1))) {
		require(fuzz_op(&w, &in, *op));
		/* A fork joins two prefixes: fewer forks than prefixes. */
		require(kshim_slab_objects <= 2 * w.ref.count);
	}
	require(fuzz_check_prefixes(&w));
	require(diff_check_dumps(&w));
	require(diff_fini(&w));
	return 0;
}
