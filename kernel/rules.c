// SPDX-License-Identifier: GPL-2.0
/*
 * Compiling and matching microsegment rules (see rules.h).
 *
 * The index has three levels of sorted arrays, searched by bisection:
 *
 *   ids      a direction and a remote identity: a peer's key, a group, or
 *            "any" for the rules that some packets match whoever sends
 *            them (no remote list, "any" in it, or a CIDR);
 *   protos   under one identity, a verdict class (deny or accept) and a
 *            protocol, or "any protocol";
 *   blocks   under one protocol, an aligned block of destination ports (a
 *            range becomes the few power-of-two blocks that tile it
 *            exactly), or "no port";
 *
 * and each block holds its rules' numbers, ascending.  A packet looks up
 * at most (2 + its peer's groups) identities, two protocols per class and
 * identity, and under each protocol the blocks that hold its destination
 * port, and checks only the rules found there for what the index does not
 * decide: the addresses, the source port and the ICMP type.
 *
 * Aligned blocks are nested or apart, so those that hold a port form one
 * chain, each inside the next.  Blocks are sorted by where they start,
 * larger first, and each knows the nearest present block around it: one
 * bisection finds the last block to start at or before the port, and its
 * chain of enclosing blocks leads to the first that holds the port, then
 * through all the others.  That is one bisection per protocol rather than
 * one per length of block, and bisections, whose branches no CPU can
 * predict, were most of a new flow's cost.
 *
 * Everything is built into one allocation, never written again, so
 * readers need nothing but RCU to keep it alive.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "rules.h"

#define ZTNET_ANY_PROTO		256
#define ZTNET_PORT_BITS		16
/* A block is its first port << ZTNET_LEN_BITS | its prefix length. */
#define ZTNET_LEN_BITS		5
#define ZTNET_LEN_MASK		(BIT(ZTNET_LEN_BITS) - 1)
/* After every block of ports, for rules with none. */
#define ZTNET_NO_PORT		U32_MAX
#define ZTNET_NO_BLOCK		U32_MAX
#define ZTNET_MAX_NESTING	(ZTNET_PORT_BITS + 1)
#define ZTNET_CLASS_DENY	0
#define ZTNET_CLASS_ACCEPT	1

/* What the index leaves to check of one rule. */
struct ztnet_crule {
	u8 action;
	s16 icmp_type;
	s16 icmp_code;
	u16 local_len;		/* 0: any local address */
	u16 remote_len;
	u16 sports_len;		/* 0: any source port */
	u32 local;		/* first of set->cidrs */
	u32 remote;
	u32 sports;		/* first of set->ranges */
};

struct ztnet_rcidr {
	u8 family;
	u8 cidr;
	struct in6_addr addr;
};

struct ztnet_rid {
	u8 dir;
	u8 kind;		/* ZTSPEC_PEER, _GROUP or _ANY */
	u16 group;
	u8 key[ZTNET_KEY_LEN];
	u32 first;		/* of set->protos */
	u32 count;
};

struct ztnet_rproto {
	u16 class;
	u16 proto;		/* 0 to 255, or ZTNET_ANY_PROTO */
	u32 no_port;		/* its last block is ZTNET_NO_PORT */
	u32 first;		/* of set->blocks */
	u32 count;
};

struct ztnet_rblock {
	u32 block;		/* see ZTNET_LEN_BITS, or ZTNET_NO_PORT */
	u32 outer;		/* the nearest block around it, or ZTNET_NO_BLOCK */
	u32 first;		/* of set->entries */
	u32 count;
};

struct ztnet_ruleset {
	u32 rules_len;
	u32 ids_len;
	u32 protos_len;
	u32 blocks_len;
	u32 entries_len;
	u32 cidrs_len;
	u32 ranges_len;
	size_t bytes;
	struct ztnet_crule *rules;
	struct ztnet_rid *ids;
	struct ztnet_rproto *protos;
	struct ztnet_rblock *blocks;
	/* A rule's number << 1, | 1 when its bucket settles the remote side. */
	u32 *entries;
	struct ztnet_rcidr *cidrs;
	struct ztnet_port_range *ranges;
};

/* One index entry while the set is built: sorted, then laid out. */
struct ztnet_rtuple {
	u8 dir;
	u8 kind;
	u16 group;
	u16 class;
	u16 proto;
	u32 block;
	u32 entry;
	const u8 *key;
};

/* The aligned power-of-two blocks that tile [lo, hi]; out may be NULL. */
static u32 ztnet_port_blocks(u16 lo, u16 hi, u32 *out)
{
	u32 start = lo, end = hi, n = 0;

	while (start <= end) {
		u32 size = start ? start & -start : 1U << ZTNET_PORT_BITS;
		u32 len;

		while (start + size - 1 > end)
			size >>= 1;
		len = ZTNET_PORT_BITS - ilog2(size);
		if (out)
			out[n] = start << ZTNET_LEN_BITS | len;
		n++;
		start += size;
	}
	return n;
}

static bool ztnet_proto_has_ports(s16 proto)
{
	return proto == 6 || proto == 17 || proto == 132;
}

/* The remote side is the source of what comes in, the destination of what goes out. */
static const struct ztnet_spec *ztnet_remote_specs(const struct ztnet_rule_desc *r, u16 *len)
{
	*len = r->dir == ZTRULE_DIR_IN ? r->from_len : r->to_len;
	return r->dir == ZTRULE_DIR_IN ? r->from : r->to;
}

static const struct ztnet_spec *ztnet_local_specs(const struct ztnet_rule_desc *r, u16 *len)
{
	*len = r->dir == ZTRULE_DIR_IN ? r->to_len : r->from_len;
	return r->dir == ZTRULE_DIR_IN ? r->to : r->from;
}

static bool ztnet_specs_have(const struct ztnet_spec *specs, u16 len, u8 kind)
{
	u16 i;

	for (i = 0; i < len; i++)
		if (specs[i].kind == kind)
			return true;
	return false;
}

/* A CIDR's family and length must agree; its host bits are not looked at. */
static bool ztnet_spec_valid(const struct ztnet_spec *s)
{
	if (s->kind == ZTSPEC_ANY || s->kind == ZTSPEC_GROUP ||
	    s->kind == ZTSPEC_PEER)
		return true;
	if (s->kind != ZTSPEC_CIDR)
		return false;
	return (s->family == AF_INET && s->cidr <= 32) ||
	       (s->family == AF_INET6 && s->cidr <= 128);
}

static bool ztnet_rule_valid(const struct ztnet_rule_desc *r)
{
	const struct ztnet_spec *local;
	u16 i, len;

	if (r->action > ZTRULE_REJECT || r->dir > ZTRULE_DIR_OUT ||
	    r->proto < -1 || r->proto > 255 || r->icmp_type < -1 ||
	    r->icmp_type > 255 || r->icmp_code < -1 || r->icmp_code > 255)
		return false;
	if ((r->ports_len || r->sports_len) && !ztnet_proto_has_ports(r->proto))
		return false;
	if (r->icmp_type < 0 ? r->icmp_code >= 0 : r->proto != 1 && r->proto != 58)
		return false;
	for (i = 0; i < r->from_len; i++)
		if (!ztnet_spec_valid(&r->from[i]))
			return false;
	for (i = 0; i < r->to_len; i++)
		if (!ztnet_spec_valid(&r->to[i]))
			return false;
	local = ztnet_local_specs(r, &len);
	return !ztnet_specs_have(local, len, ZTSPEC_GROUP) &&
	       !ztnet_specs_have(local, len, ZTSPEC_PEER);
}

/* Rules that some packet matches without the peer's identity. */
static bool ztnet_rule_needs_any(const struct ztnet_rule_desc *r)
{
	const struct ztnet_spec *remote;
	u16 len;

	remote = ztnet_remote_specs(r, &len);
	return !len || ztnet_specs_have(remote, len, ZTSPEC_ANY) ||
	       ztnet_specs_have(remote, len, ZTSPEC_CIDR);
}

static u32 ztnet_rule_ids(const struct ztnet_rule_desc *r)
{
	const struct ztnet_spec *remote;
	u32 n = ztnet_rule_needs_any(r);
	u16 i, len;

	remote = ztnet_remote_specs(r, &len);
	for (i = 0; i < len; i++)
		n += remote[i].kind == ZTSPEC_GROUP ||
		     remote[i].kind == ZTSPEC_PEER;
	return n;
}

static u32 ztnet_rule_blocks(const struct ztnet_rule_desc *r)
{
	u32 n = 0;
	u16 i;

	for (i = 0; i < r->ports_len; i++)
		n += ztnet_port_blocks(r->ports[i].lo, r->ports[i].hi, NULL);
	return r->ports_len ? n : 1;
}

/* CIDRs a rule keeps for its checks: none for a list that has "any". */
static u16 ztnet_cidrs_kept(const struct ztnet_spec *specs, u16 len)
{
	u16 i, n = 0;

	if (ztnet_specs_have(specs, len, ZTSPEC_ANY))
		return 0;
	for (i = 0; i < len; i++)
		n += specs[i].kind == ZTSPEC_CIDR;
	return n;
}

struct ztnet_rsizes {
	u64 tuples;
	u64 cidrs;
	u64 ranges;
};

static int ztnet_ruleset_count(const struct ztnet_rule_desc *rules, u32 count,
			       struct ztnet_rsizes *sizes)
{
	const struct ztnet_spec *specs;
	u32 i;
	u16 len;

	memset(sizes, 0, sizeof(*sizes));
	/*
	 * Every rule takes an entry at least, so this bounds the rule numbers
	 * (shifted left once in an entry) whatever the caller's own limits.
	 */
	if (count > ZTNET_RULES_MAX_ENTRIES)
		return -E2BIG;
	for (i = 0; i < count; i++) {
		if (!ztnet_rule_valid(&rules[i]))
			return -EINVAL;
		sizes->tuples += (u64)ztnet_rule_ids(&rules[i]) *
				 ztnet_rule_blocks(&rules[i]);
		if (sizes->tuples > ZTNET_RULES_MAX_ENTRIES)
			return -E2BIG;
		specs = ztnet_local_specs(&rules[i], &len);
		sizes->cidrs += ztnet_cidrs_kept(specs, len);
		specs = ztnet_remote_specs(&rules[i], &len);
		sizes->cidrs += ztnet_cidrs_kept(specs, len);
		sizes->ranges += rules[i].sports_len;
	}
	return 0;
}

struct ztnet_rbuild {
	const struct ztnet_rule_desc *rules;
	struct ztnet_rtuple *tuples;
	u32 tuples_len;
};

/* A rule's entries under one identity: one per block of its ports. */
static void ztnet_tuples_of_id(struct ztnet_rbuild *b, u32 rule, u8 kind,
			       u16 group, const u8 *key, bool remote_ok)
{
	const struct ztnet_rule_desc *r = &b->rules[rule];
	struct ztnet_rtuple t = {
		.dir = r->dir, .kind = kind, .group = group, .key = key,
		.class = r->action == ZTRULE_ACCEPT ? ZTNET_CLASS_ACCEPT :
							  ZTNET_CLASS_DENY,
		.proto = r->proto < 0 ? ZTNET_ANY_PROTO : r->proto,
		.block = ZTNET_NO_PORT, .entry = rule << 1 | remote_ok,
	};
	u32 blocks[2 * ZTNET_PORT_BITS], i, j, n;

	if (!r->ports_len)
		b->tuples[b->tuples_len++] = t;
	for (i = 0; i < r->ports_len; i++) {
		n = ztnet_port_blocks(r->ports[i].lo, r->ports[i].hi, blocks);
		for (j = 0; j < n; j++) {
			t.block = blocks[j];
			b->tuples[b->tuples_len++] = t;
		}
	}
}

static void ztnet_tuples_of_rule(struct ztnet_rbuild *b, u32 rule)
{
	const struct ztnet_rule_desc *r = &b->rules[rule];
	const struct ztnet_spec *remote;
	u16 i, len;

	remote = ztnet_remote_specs(r, &len);
	for (i = 0; i < len; i++) {
		if (remote[i].kind == ZTSPEC_GROUP)
			ztnet_tuples_of_id(b, rule, ZTSPEC_GROUP,
					   remote[i].group, NULL, true);
		else if (remote[i].kind == ZTSPEC_PEER)
			ztnet_tuples_of_id(b, rule, ZTSPEC_PEER, 0,
					   remote[i].key, true);
	}
	if (ztnet_rule_needs_any(r))
		ztnet_tuples_of_id(b, rule, ZTSPEC_ANY, 0, NULL,
				   !len || ztnet_specs_have(remote, len, ZTSPEC_ANY));
}

static int ztnet_cmp_u32(u32 a, u32 b)
{
	return a < b ? -1 : a > b;
}

static int ztnet_id_cmp(u8 dir, u8 kind, u16 group, const u8 *key,
			const struct ztnet_rtuple *t)
{
	int c = ztnet_cmp_u32(dir, t->dir);

	if (!c)
		c = ztnet_cmp_u32(kind, t->kind);
	if (!c)
		c = ztnet_cmp_u32(group, t->group);
	if (!c && kind == ZTSPEC_PEER)
		c = memcmp(key, t->key, ZTNET_KEY_LEN);
	return c;
}

static int ztnet_tuple_cmp(const void *a, const void *b)
{
	const struct ztnet_rtuple *x = a, *y = b;
	int c = ztnet_id_cmp(x->dir, x->kind, x->group, x->key, y);

	if (!c)
		c = ztnet_cmp_u32(x->class, y->class);
	if (!c)
		c = ztnet_cmp_u32(x->proto, y->proto);
	if (!c)
		c = ztnet_cmp_u32(x->block, y->block);
	if (!c)
		c = ztnet_cmp_u32(x->entry, y->entry);
	return c;
}

/* Comparisons, or entries walked, between two chances to reschedule. */
#define ZTNET_RESCHED_EVERY	BIT(14)

/* What sort_r() hands the comparison: a count it may write to. */
struct ztnet_sort_ctx {
	u32 *calls;
};

/*
 * sort() has no point to reschedule of its own, and over the largest
 * index it runs for seconds: the comparison yields every so often, as
 * list_sort() lets its callers do.
 */
static int ztnet_tuple_cmp_yield(const void *a, const void *b, const void *priv)
{
	const struct ztnet_sort_ctx *ctx = priv;

	if (!(++*ctx->calls % ZTNET_RESCHED_EVERY))
		cond_resched();
	return ztnet_tuple_cmp(a, b);
}

/* Sorts the entries and drops repeats (a port or group given twice). */
static void ztnet_tuples_sort(struct ztnet_rbuild *b)
{
	u32 i, n = 0, calls = 0;
	const struct ztnet_sort_ctx ctx = { .calls = &calls };

	sort_r(b->tuples, b->tuples_len, sizeof(*b->tuples),
	       ztnet_tuple_cmp_yield, NULL, &ctx);
	for (i = 0; i < b->tuples_len; i++) {
		if (!n || ztnet_tuple_cmp(&b->tuples[n - 1], &b->tuples[i]))
			b->tuples[n++] = b->tuples[i];
		if (!(i % ZTNET_RESCHED_EVERY))
			cond_resched();
	}
	b->tuples_len = n;
}

/* Where entry i starts a new identity (3), protocol (2) or block (1). */
static int ztnet_tuple_break(const struct ztnet_rtuple *t, u32 i)
{
	const struct ztnet_rtuple *p;

	if (!i)
		return 3;
	p = &t[i - 1];
	if (ztnet_id_cmp(p->dir, p->kind, p->group, p->key, &t[i]))
		return 3;
	if (p->class != t[i].class || p->proto != t[i].proto)
		return 2;
	return p->block != t[i].block;
}

static void ztnet_count_levels(const struct ztnet_rbuild *b,
			       struct ztnet_ruleset *set)
{
	u32 i;
	int brk;

	for (i = 0; i < b->tuples_len; i++) {
		brk = ztnet_tuple_break(b->tuples, i);
		set->ids_len += brk >= 3;
		set->protos_len += brk >= 2;
		set->blocks_len += brk >= 1;
		if (!(i % ZTNET_RESCHED_EVERY))
			cond_resched();
	}
	set->entries_len = b->tuples_len;
}

static void ztnet_new_id(struct ztnet_ruleset *set, const struct ztnet_rtuple *t)
{
	struct ztnet_rid *id = &set->ids[set->ids_len++];

	id->dir = t->dir;
	id->kind = t->kind;
	id->group = t->group;
	if (t->kind == ZTSPEC_PEER)
		memcpy(id->key, t->key, ZTNET_KEY_LEN);
	id->first = set->protos_len;
}

static void ztnet_new_proto(struct ztnet_ruleset *set, const struct ztnet_rtuple *t)
{
	struct ztnet_rproto *p = &set->protos[set->protos_len++];

	p->class = t->class;
	p->proto = t->proto;
	p->first = set->blocks_len;
	set->ids[set->ids_len - 1].count++;
}

static u32 ztnet_block_start(u32 block)
{
	return block >> ZTNET_LEN_BITS;
}

static bool ztnet_block_has(u32 block, u32 port)
{
	u32 len = block & ZTNET_LEN_MASK;

	return port - ztnet_block_start(block) < BIT(ZTNET_PORT_BITS - len);
}

/*
 * The blocks open around the one being laid out, outermost first: a
 * block's outer one is the innermost still open that holds its start.
 */
struct ztnet_nest {
	u32 open[ZTNET_MAX_NESTING];
	u32 depth;
};

static void ztnet_new_block(struct ztnet_ruleset *set, const struct ztnet_rtuple *t,
			    struct ztnet_nest *nest)
{
	struct ztnet_rblock *bl = &set->blocks[set->blocks_len];
	struct ztnet_rproto *p = &set->protos[set->protos_len - 1];

	bl->block = t->block;
	bl->first = set->entries_len;
	bl->outer = ZTNET_NO_BLOCK;
	p->count++;
	if (t->block == ZTNET_NO_PORT) {
		p->no_port = 1;
	} else {
		while (nest->depth &&
		       !ztnet_block_has(set->blocks[nest->open[nest->depth - 1]].block,
					ztnet_block_start(t->block)))
			nest->depth--;
		if (nest->depth)
			bl->outer = nest->open[nest->depth - 1];
		/*
		 * Nested blocks are ever smaller, so no chain is longer than
		 * this and the test never fails: it only guards the array.
		 */
		if (nest->depth < ZTNET_MAX_NESTING)
			nest->open[nest->depth++] = set->blocks_len;
	}
	set->blocks_len++;
}

/* The sorted entries become the three levels; the lengths count again. */
static void ztnet_lay_out_index(const struct ztnet_rbuild *b,
				struct ztnet_ruleset *set)
{
	const struct ztnet_rtuple *t = b->tuples;
	struct ztnet_nest nest = { .depth = 0 };
	u32 i;
	int brk;

	set->ids_len = 0;
	set->protos_len = 0;
	set->blocks_len = 0;
	set->entries_len = 0;
	for (i = 0; i < b->tuples_len; i++) {
		brk = ztnet_tuple_break(t, i);
		if (brk >= 3)
			ztnet_new_id(set, &t[i]);
		if (brk >= 2) {
			ztnet_new_proto(set, &t[i]);
			nest.depth = 0;
		}
		if (brk >= 1)
			ztnet_new_block(set, &t[i], &nest);
		set->entries[set->entries_len++] = t[i].entry;
		set->blocks[set->blocks_len - 1].count++;
		if (!(i % ZTNET_RESCHED_EVERY))
			cond_resched();
	}
}

static u16 ztnet_keep_cidrs(struct ztnet_ruleset *set,
			    const struct ztnet_spec *specs, u16 len, u32 *first)
{
	u16 i, n = ztnet_cidrs_kept(specs, len);

	*first = set->cidrs_len;
	for (i = 0; n && i < len; i++) {
		struct ztnet_rcidr *c;

		if (specs[i].kind != ZTSPEC_CIDR)
			continue;
		c = &set->cidrs[set->cidrs_len++];
		c->family = specs[i].family;
		c->cidr = specs[i].cidr;
		c->addr = specs[i].addr;
	}
	return n;
}

static void ztnet_keep_rule(struct ztnet_ruleset *set,
			    const struct ztnet_rule_desc *r)
{
	struct ztnet_crule *c = &set->rules[set->rules_len++];
	const struct ztnet_spec *specs;
	u16 len;

	c->action = r->action;
	c->icmp_type = r->icmp_type;
	c->icmp_code = r->icmp_code;
	specs = ztnet_local_specs(r, &len);
	c->local_len = ztnet_keep_cidrs(set, specs, len, &c->local);
	specs = ztnet_remote_specs(r, &len);
	c->remote_len = ztnet_keep_cidrs(set, specs, len, &c->remote);
	c->sports = set->ranges_len;
	c->sports_len = r->sports_len;
	if (r->sports_len)
		memcpy(&set->ranges[set->ranges_len], r->sports,
		       r->sports_len * sizeof(*r->sports));
	set->ranges_len += r->sports_len;
}

/* One allocation for the header and every array, each 4-byte aligned. */
static struct ztnet_ruleset *ztnet_ruleset_alloc(const struct ztnet_ruleset *lens,
						 u32 rules, const struct ztnet_rsizes *sizes)
{
	size_t size = sizeof(struct ztnet_ruleset) +
		      rules * sizeof(struct ztnet_crule) +
		      lens->ids_len * sizeof(struct ztnet_rid) +
		      lens->protos_len * sizeof(struct ztnet_rproto) +
		      lens->blocks_len * sizeof(struct ztnet_rblock) +
		      lens->entries_len * sizeof(u32) +
		      sizes->cidrs * sizeof(struct ztnet_rcidr) +
		      sizes->ranges * sizeof(struct ztnet_port_range);
	struct ztnet_ruleset *set = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	void *p;

	if (!set)
		return NULL;
	set->bytes = size;
	p = set + 1;
	set->rules = p;
	p = set->rules + rules;
	set->ids = p;
	p = set->ids + lens->ids_len;
	set->protos = p;
	p = set->protos + lens->protos_len;
	set->blocks = p;
	p = set->blocks + lens->blocks_len;
	set->entries = p;
	p = set->entries + lens->entries_len;
	set->cidrs = p;
	p = set->cidrs + sizes->cidrs;
	set->ranges = p;
	return set;
}

struct ztnet_ruleset *ztnet_ruleset_build(const struct ztnet_rule_desc *rules,
					  u32 count)
{
	struct ztnet_rbuild b = { .rules = rules };
	struct ztnet_ruleset lens = { 0 }, *set;
	struct ztnet_rsizes sizes;
	u32 i;
	int ret;

	ret = ztnet_ruleset_count(rules, count, &sizes);
	if (ret)
		return ERR_PTR(ret);
	b.tuples = kvmalloc_array(max_t(u64, sizes.tuples, 1), sizeof(*b.tuples),
				  GFP_KERNEL_ACCOUNT);
	if (!b.tuples)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < count; i++) {
		ztnet_tuples_of_rule(&b, i);
		if (!(i % ZTNET_RESCHED_EVERY))
			cond_resched();
	}
	ztnet_tuples_sort(&b);
	ztnet_count_levels(&b, &lens);
	set = ztnet_ruleset_alloc(&lens, count, &sizes);
	if (!set)
		goto out;
	ztnet_lay_out_index(&b, set);
	for (i = 0; i < count; i++)
		ztnet_keep_rule(set, &rules[i]);
out:
	kvfree(b.tuples);
	return set ?: ERR_PTR(-ENOMEM);
}

void ztnet_ruleset_free(struct ztnet_ruleset *set)
{
	kvfree(set);
}

size_t ztnet_ruleset_bytes(const struct ztnet_ruleset *set)
{
	return set->bytes;
}

u8 ztnet_ruleset_action(const struct ztnet_ruleset *set, u32 rule)
{
	return set->rules[rule].action;
}

/* A packet's walk through the index, for both verdict classes at once. */
struct ztnet_rmatch {
	const struct ztnet_ruleset *set;
	const struct ztnet_rule_pkt *pkt;
	u32 best[2];		/* by class: the smallest matching rule so far */
};

static bool ztnet_cidr_has(const struct ztnet_rcidr *c, u8 family,
			   const struct in6_addr *a)
{
	unsigned int bytes = c->cidr / 8, bits = c->cidr % 8;
	const u8 *x = c->addr.s6_addr, *y = a->s6_addr;

	if (c->family != family || memcmp(x, y, bytes))
		return false;
	return !bits || !((x[bytes] ^ y[bytes]) & (0xff00 >> bits));
}

static bool ztnet_cidrs_have(const struct ztnet_ruleset *set, u32 first,
			     u16 len, u8 family, const struct in6_addr *a)
{
	u16 i;

	for (i = 0; i < len; i++)
		if (ztnet_cidr_has(&set->cidrs[first + i], family, a))
			return true;
	return false;
}

static bool ztnet_ranges_have(const struct ztnet_ruleset *set, u32 first,
			      u16 len, u16 port)
{
	u16 i;

	for (i = 0; i < len; i++)
		if (port >= set->ranges[first + i].lo &&
		    port <= set->ranges[first + i].hi)
			return true;
	return false;
}

/* What the index did not decide: addresses, source port, ICMP type. */
static bool ztnet_rule_rest(const struct ztnet_rmatch *m, u32 entry)
{
	const struct ztnet_rule_pkt *pkt = m->pkt;
	const struct ztnet_crule *r = &m->set->rules[entry >> 1];
	bool in = pkt->dir == ZTRULE_DIR_IN;

	if (!(entry & 1) &&
	    !ztnet_cidrs_have(m->set, r->remote, r->remote_len, pkt->family,
			      in ? &pkt->src : &pkt->dst))
		return false;
	if (r->local_len &&
	    !ztnet_cidrs_have(m->set, r->local, r->local_len, pkt->family,
			      in ? &pkt->dst : &pkt->src))
		return false;
	if (r->sports_len &&
	    !ztnet_ranges_have(m->set, r->sports, r->sports_len, pkt->sport))
		return false;
	if (r->icmp_type >= 0 && r->icmp_type != pkt->icmp_type)
		return false;
	return r->icmp_code < 0 || r->icmp_code == pkt->icmp_code;
}

/* Entries are in ascending order: the first that matches is the best here. */
static void ztnet_match_block(struct ztnet_rmatch *m, u16 class,
			      const struct ztnet_rblock *bl)
{
	u32 i, entry;

	for (i = 0; i < bl->count; i++) {
		entry = m->set->entries[bl->first + i];
		if (entry >> 1 >= m->best[class])
			return;
		if (ztnet_rule_rest(m, entry)) {
			m->best[class] = entry >> 1;
			return;
		}
	}
}

/* The last port block of @p to start at or before @port, or ZTNET_NO_BLOCK. */
static u32 ztnet_last_block_before(const struct ztnet_ruleset *set,
				   const struct ztnet_rproto *p, u32 port)
{
	u32 lo = p->first, hi = p->first + p->count - p->no_port, mid;
	u32 key = port << ZTNET_LEN_BITS | ZTNET_LEN_MASK;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (set->blocks[mid].block <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > p->first ? lo - 1 : ZTNET_NO_BLOCK;
}

/* The blocks that hold dport, innermost first, and the one of no port. */
static void ztnet_match_proto(struct ztnet_rmatch *m, u32 proto)
{
	const struct ztnet_ruleset *set = m->set;
	const struct ztnet_rproto *p = &set->protos[proto];
	u32 port = m->pkt->dport, i;

	if (p->no_port)
		ztnet_match_block(m, p->class, &set->blocks[p->first + p->count - 1]);
	i = ztnet_last_block_before(set, p, port);
	while (i != ZTNET_NO_BLOCK && !ztnet_block_has(set->blocks[i].block, port))
		i = set->blocks[i].outer;
	for (; i != ZTNET_NO_BLOCK; i = set->blocks[i].outer)
		ztnet_match_block(m, p->class, &set->blocks[i]);
}

static int ztnet_proto_cmp(u16 class, u16 proto, const struct ztnet_rproto *p)
{
	return ztnet_cmp_u32(class, p->class) ?: ztnet_cmp_u32(proto, p->proto);
}

/* Bisection, written out: a comparison through a pointer costs more. */
static void ztnet_match_class(struct ztnet_rmatch *m, const struct ztnet_rid *id,
			      u16 class, u16 proto)
{
	u32 lo = id->first, hi = id->first + id->count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = ztnet_proto_cmp(class, proto, &m->set->protos[mid]);
		if (!c) {
			ztnet_match_proto(m, mid);
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
}

/* A deny found leaves nothing for an accept to decide. */
static void ztnet_match_id(struct ztnet_rmatch *m, const struct ztnet_rid *id)
{
	ztnet_match_class(m, id, ZTNET_CLASS_DENY, m->pkt->proto);
	ztnet_match_class(m, id, ZTNET_CLASS_DENY, ZTNET_ANY_PROTO);
	if (m->best[ZTNET_CLASS_DENY] != ZTNET_RULE_NONE)
		return;
	ztnet_match_class(m, id, ZTNET_CLASS_ACCEPT, m->pkt->proto);
	ztnet_match_class(m, id, ZTNET_CLASS_ACCEPT, ZTNET_ANY_PROTO);
}

struct ztnet_rid_key {
	u8 dir;
	u8 kind;
	u16 group;
	const u8 *key;
};

/* The order of ztnet_id_cmp, which sorted them. */
static int ztnet_rid_cmp(const struct ztnet_rid_key *k,
			 const struct ztnet_rid *id)
{
	int c = ztnet_cmp_u32(k->dir, id->dir);

	if (!c)
		c = ztnet_cmp_u32(k->kind, id->kind);
	if (!c)
		c = ztnet_cmp_u32(k->group, id->group);
	if (!c && k->kind == ZTSPEC_PEER)
		c = memcmp(k->key, id->key, ZTNET_KEY_LEN);
	return c;
}

static void ztnet_match_identity(struct ztnet_rmatch *m, u8 kind, u16 group)
{
	struct ztnet_rid_key k = { m->pkt->dir, kind, group, m->pkt->key };
	u32 lo = 0, hi = m->set->ids_len, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = ztnet_rid_cmp(&k, &m->set->ids[mid]);
		if (!c) {
			ztnet_match_id(m, &m->set->ids[mid]);
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
}

u32 ztnet_ruleset_match(const struct ztnet_ruleset *set,
			const struct ztnet_rule_pkt *pkt)
{
	struct ztnet_rmatch m = {
		set, pkt, { ZTNET_RULE_NONE, ZTNET_RULE_NONE }
	};
	u32 i;

	if (pkt->key)
		ztnet_match_identity(&m, ZTSPEC_PEER, 0);
	for (i = 0; i < pkt->groups_len; i++)
		ztnet_match_identity(&m, ZTSPEC_GROUP, pkt->groups[i]);
	ztnet_match_identity(&m, ZTSPEC_ANY, 0);
	return m.best[ZTNET_CLASS_DENY] != ZTNET_RULE_NONE ?
	       m.best[ZTNET_CLASS_DENY] : m.best[ZTNET_CLASS_ACCEPT];
}
