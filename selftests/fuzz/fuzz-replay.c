// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the replay window of data messages (kernel/replay.c, compiled
 * unchanged against kshim/) against a reference model: the set of
 * counters accepted so far and the rule below.  Any disagreement aborts.
 *
 * The rule, as replay.c implements it.  Let W = ZTNET_COUNTER_WINDOW -
 * BITS_PER_LONG (8128 on 64-bit: the ring has ZTNET_COUNTER_WINDOW bits,
 * and the word the window slides onto next is always cleared, so one
 * word's worth is unusable), and let top be the greatest counter accepted
 * so far.  ztnet_replay_check_and_update(counter, limit) accepts counter
 * if and only if
 *
 *	counter < limit,
 *	no counter has been accepted yet, or counter + W >= top, and
 *	counter has not been accepted before;
 *
 * and an accepted counter greater than top becomes top.  A counter
 * rejected changes nothing.  So the W + 1 counters top - W ... top are
 * remembered exactly, and anything older is refused whether seen or not.
 *
 * The rule holds for limit <= U64_MAX - W - 1, so that counter + 1 + W
 * cannot wrap in replay.c's arithmetic; the only caller passes
 * ZTNET_REJECT_AFTER_MESSAGES (U64_MAX - ZTNET_COUNTER_WINDOW - 1), and so
 * does the fuzzer, or anything smaller.
 *
 * The input is a list of operations, an opcode byte (modulo 8) and its
 * operands, each submitting one counter:
 *
 *	0 c(8)		counter c, little endian
 *	1 d(2)		top + d
 *	2 d(2)		top - d
 *	3 d(1)		top - W + (signed) d: the window's trailing edge
 *	4 d(1)		limit + (signed) d
 *	5 i(1)		a counter submitted before: the i-th most recent
 *	6 l(8)		no counter; the limit becomes min(l, the caller's)
 *	7 k(1) d(1)	top + 64 k + d: slides of whole words, up to twice
 *			around the ring
 *
 * After the last operation, a copy of the window is asked about the
 * counters around both edges and every counter accepted recently, each
 * on a fresh copy, so that what the window forgot or kept too long shows
 * even if the input never asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"

#define WINDOW ((u64)ZTNET_COUNTER_WINDOW - BITS_PER_LONG)
#define HISTORY 256
#define PROBE_RECENT 64

struct model {
	bool any;		/* a counter was accepted */
	u64 top;		/* the greatest accepted */
	u64 limit;
	/* The accepted counters, plus one so that 0 marks a free slot. */
	u64 *slots;
	size_t mask;
	/* The counters submitted, the latest last, as a ring. */
	u64 history[HISTORY];
	size_t submitted;
};

struct fuzz_input {
	const uint8_t *data;
	size_t left;
};

static struct ztnet_replay replay;
static struct ztnet_replay probe;

static void disagree(const char *where, u64 counter, u64 limit, bool kernel,
		     const struct model *m)
{
	fprintf(stderr,
		"fuzz-replay: %s: counter %llu limit %llu: replay.c %s, the model %s (top %llu%s)\n",
		where, (unsigned long long)counter, (unsigned long long)limit,
		kernel ? "accepts" : "rejects", kernel ? "rejects" : "accepts",
		(unsigned long long)m->top, m->any ? "" : ", none accepted");
	abort();
}

static const uint8_t *take(struct fuzz_input *in, size_t len)
{
	const uint8_t *bytes = in->data;

	if (in->left < len)
		return NULL;
	in->data += len;
	in->left -= len;
	return bytes;
}

static u64 le_bytes(const uint8_t *p, size_t len)
{
	u64 v = 0;

	while (len--)
		v = v << 8 | p[len];
	return v;
}

static size_t slot_of(const struct model *m, u64 counter)
{
	u64 h = (counter + 1) * 0x9e3779b97f4a7c15ULL;

	return (h >> 32) & m->mask;
}

static bool model_seen(const struct model *m, u64 counter)
{
	size_t i;

	for (i = slot_of(m, counter); m->slots[i]; i = (i + 1) & m->mask)
		if (m->slots[i] == counter + 1)
			return true;
	return false;
}

static void model_add(struct model *m, u64 counter)
{
	size_t i;

	for (i = slot_of(m, counter); m->slots[i]; i = (i + 1) & m->mask)
		;
	m->slots[i] = counter + 1;
}

/* The rule above, in arithmetic that cannot wrap. */
static bool model_accepts(const struct model *m, u64 counter, u64 limit)
{
	if (counter >= limit)
		return false;
	if (m->any && (unsigned __int128)counter + WINDOW < m->top)
		return false;
	return !model_seen(m, counter);
}

static void submit(struct model *m, u64 counter)
{
	bool expect = model_accepts(m, counter, m->limit);
	bool got = ztnet_replay_check_and_update(&replay, counter, m->limit);

	if (got != expect)
		disagree("submitted", counter, m->limit, got, m);
	if (got) {
		model_add(m, counter);
		if (!m->any || counter > m->top)
			m->top = counter;
		m->any = true;
	}
	m->history[m->submitted++ % HISTORY] = counter;
}

/* Asks a fresh copy of the window, so that the answer changes nothing. */
static void ask(const struct model *m, u64 counter)
{
	bool expect = model_accepts(m, counter, m->limit);

	memcpy(&probe, &replay, sizeof(probe));
	if (ztnet_replay_check_and_update(&probe, counter, m->limit) != expect)
		disagree("probed", counter, m->limit, !expect, m);
}

static void probe_all(const struct model *m)
{
	size_t i, n = m->submitted < PROBE_RECENT ? m->submitted : PROBE_RECENT;
	int d;

	for (d = -3; d <= 3; d++) {
		ask(m, m->top - WINDOW + d);
		ask(m, m->top + d);
		ask(m, m->limit + d);
	}
	ask(m, m->top + ZTNET_COUNTER_WINDOW);
	ask(m, m->top + ZTNET_COUNTER_WINDOW - BITS_PER_LONG);
	ask(m, m->top - ZTNET_COUNTER_WINDOW);
	for (i = 1; i <= n; i++)
		ask(m, m->history[(m->submitted - i) % HISTORY]);
}

static bool step(struct model *m, struct fuzz_input *in)
{
	const uint8_t *op = take(in, 1), *arg;
	u64 top = m->any ? m->top : 0;

	if (!op)
		return false;
	switch (*op % 8) {
	case 0:
		if (!(arg = take(in, 8)))
			return false;
		submit(m, le_bytes(arg, 8));
		break;
	case 1:
		if (!(arg = take(in, 2)))
			return false;
		submit(m, top + le_bytes(arg, 2));
		break;
	case 2:
		if (!(arg = take(in, 2)))
			return false;
		submit(m, top - le_bytes(arg, 2));
		break;
	case 3:
		if (!(arg = take(in, 1)))
			return false;
		submit(m, top - WINDOW + (int8_t)*arg);
		break;
	case 4:
		if (!(arg = take(in, 1)))
			return false;
		submit(m, m->limit + (int8_t)*arg);
		break;
	case 5:
		if (!(arg = take(in, 1)))
			return false;
		if (m->submitted)
			submit(m, m->history[(m->submitted - 1 -
					      *arg % (m->submitted < HISTORY ?
						      m->submitted : HISTORY)) %
					     HISTORY]);
		break;
	case 6:
		if (!(arg = take(in, 8)))
			return false;
		m->limit = le_bytes(arg, 8);
		if (m->limit > ZTNET_REJECT_AFTER_MESSAGES)
			m->limit = ZTNET_REJECT_AFTER_MESSAGES;
		break;
	case 7:
		if (!(arg = take(in, 2)))
			return false;
		submit(m, top + 64 * (u64)arg[0] + arg[1]);
		break;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct model m = { .limit = ZTNET_REJECT_AFTER_MESSAGES };
	size_t capacity = 16;

	/* At most one counter per byte; a table at most half full. */
	while (capacity < 2 * size + 2)
		capacity *= 2;
	m.slots = calloc(capacity, sizeof(*m.slots));
	if (!m.slots)
		abort();
	m.mask = capacity - 1;

	ztnet_replay_init(&replay);
	while (step(&m, &in))
		;
	probe_all(&m);
	free(m.slots);
	return 0;
}
