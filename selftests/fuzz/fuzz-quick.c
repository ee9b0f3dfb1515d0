// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the reader of wg-quick files (tools/quick.c) and the plan that
 * `ztnet up` makes of one (tools/quickplan.c).  The input is the file.
 *
 * The reader is held to wg-quick's rules as quick.h and
 * Documentation/quick.rst state them, worked out here again:
 *  - a file is refused only for a SaveConfig in [Interface] that is
 *    neither true nor false: status 2, one line on stderr, nothing kept;
 *  - else nothing is said, and config is the file's lines, each without
 *    its blanks, in order, line_of naming each one's line; a line is left
 *    out if and only if it holds one of wg-quick's keys (in any case) in
 *    an [Interface] section, or it is a last line of blanks alone;
 *  - each hook comes from a line of its own key, the last MTU, Table and
 *    SaveConfig count, list items are single words, and DNS's addresses
 *    are its servers, the rest its search domains.
 *
 * What addconf takes of config is then planned with two sets of facts.
 * A refusal is status 2, one line and an empty plan; a plan is silent,
 * its steps are in up's documented order, as many as the file asks for,
 * its routes as Table and the full tunnel want them, and each step is
 * one line of --dry-run; the state file's line of a step that down
 * undoes reads back as the same step.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "exitcode.h"
#include "fuzz-roundtrip.h"
#include "quick.h"
#include "quickplan.h"

#define TARGET "fuzz-quick"
#define IFNAME "zt0"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct span {
	const char *s;
	size_t len;
};

/* What a line of the file is to wg-quick. */
enum {
	LINE_KEPT = -1,
	LINE_LAST_BLANK = -2,	/* bash's `read` drops it */
	/* 0 and up: the wg-quick key it holds in [Interface], quick_keys' */
};

enum {
	KEY_ADDRESS, KEY_MTU, KEY_DNS, KEY_TABLE, KEY_PRE_UP, KEY_POST_UP,
	KEY_PRE_DOWN, KEY_POST_DOWN, KEY_SAVE_CONFIG, KEYS
};

static const char *const quick_keys[KEYS] = {
	"Address", "MTU", "DNS", "Table", "PreUp", "PostUp", "PreDown",
	"PostDown", "SaveConfig",
};

/* The file as wg-quick reads it, line by line. */
struct model {
	struct span *line;	/* without blanks, as `read -r` gives them */
	int *kind;		/* LINE_* or KEY_* */
	size_t lines;
	bool refused;		/* a SaveConfig neither true nor false */
	bool nul;		/* a NUL byte, which cuts a C string short */
	bool save_config;
	bool has[KEYS];
	size_t last[KEYS];	/* the last line of each key, from 0 */
};

struct plan_facts {
	struct ztnet_quick_facts facts;
	uint32_t auto_mtu;	/* Documentation/quick.rst's for path_mtu */
};

static const struct plan_facts fact_sets[] = {
	{ { .free_table = ZTNET_QUICK_TABLE_BASE, .path_mtu = 0,
	    .src_valid_mark = 0, .dns_prefix = "" }, 1420 },
	{ { .free_table = 51821, .path_mtu = 1400, .src_valid_mark = 1,
	    .dns_prefix = "tun." }, 1320 },
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* `read -r` with bash's IFS drops blanks only: a CRLF line keeps '\r'. */
static struct span blanks_off(const char *s, size_t len)
{
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	return (struct span){ s, len };
}

/* wg-quick trims keys and values of [[:space:]], '\r' included. */
static struct span space_off(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return (struct span){ s, len };
}

static bool span_is(struct span a, const char *word)
{
	size_t i;

	if (a.len != strlen(word))
		return false;
	for (i = 0; i < a.len; i++)
		if (tolower((unsigned char)a.s[i]) != tolower((unsigned char)word[i]))
			return false;
	return true;
}

/* Up to a '#', which starts a comment. */
static size_t stripped_len(struct span line)
{
	const char *hash = memchr(line.s, '#', line.len);

	return hash ? (size_t)(hash - line.s) : line.len;
}

/* wg-quick's key: what comes before the first '=' of the stripped line. */
static struct span key_of(struct span line)
{
	size_t len = stripped_len(line);
	const char *eq = memchr(line.s, '=', len);

	return space_off(line.s, eq ? (size_t)(eq - line.s) : len);
}

/* And its value: what follows it, or all of the stripped line. */
static struct span value_of(struct span line)
{
	size_t len = stripped_len(line);
	const char *eq = memchr(line.s, '=', len);
	const char *v = eq ? eq + 1 : line.s;

	return space_off(v, (size_t)(line.s + len - v));
}

static int quick_key(struct span key)
{
	int k;

	for (k = 0; k < KEYS; k++)
		if (span_is(key, quick_keys[k]))
			return k;
	return LINE_KEPT;
}

static void model_save_config(struct model *m, struct span line)
{
	struct span v = value_of(line);

	if (span_is(v, "true") || span_is(v, "false"))
		m->save_config = span_is(v, "true");
	else
		m->refused = true;
}

/* One line: its kind, as the section so far makes it. */
static void model_line(struct model *m, struct span line, bool last,
		       bool *in_interface)
{
	struct span key = key_of(line);
	int kind = LINE_KEPT;

	if (key.len && key.s[0] == '[')
		*in_interface = span_is(key, "[Interface]");
	if (*in_interface)
		kind = quick_key(key);
	if (kind == LINE_KEPT && last && !line.len)
		kind = LINE_LAST_BLANK;
	if (kind == KEY_SAVE_CONFIG)
		model_save_config(m, line);
	if (kind >= 0) {
		m->has[kind] = true;
		m->last[kind] = m->lines;
	}
	m->kind[m->lines] = kind;
	m->line[m->lines++] = line;
}

/* Stops where wg-quick stops: at the end, or at a bad SaveConfig. */
static void model_read(struct model *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	bool in_interface = false;
	size_t most = 1;

	for (nl = text; (nl = memchr(nl, '\n', (size_t)(end - nl))); nl++)
		most++;
	memset(m, 0, sizeof(*m));
	m->nul = !!memchr(text, '\0', len);
	m->line = calloc(most, sizeof(*m->line));
	m->kind = calloc(most, sizeof(*m->kind));
	fuzz_require(m->line && m->kind, TARGET, "calloc");
	while (p < end && !m->refused) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		model_line(m, blanks_off(p, (size_t)(nl - p)), nl == end,
			   &in_interface);
		p = nl + 1;
	}
}

static void model_free(struct model *m)
{
	free(m->line);
	free(m->kind);
}

/*
 * stderr into memory while the code under test runs, to count its lines.
 * fuzz-roundtrip.c turns the parsers' warnings off, so only errors count.
 */
struct capture {
	FILE *saved;
	char *text;
	size_t len;
};

static void capture_start(struct capture *c)
{
	FILE *mem;

	c->text = NULL;
	c->len = 0;
	mem = open_memstream(&c->text, &c->len);
	fuzz_require(mem, TARGET, "open_memstream");
	c->saved = stderr;
	stderr = mem;
}

/* How many lines were said; SIZE_MAX if the last was left unfinished. */
static size_t capture_end(struct capture *c)
{
	size_t lines = 0, i;

	fclose(stderr);
	stderr = c->saved;
	for (i = 0; i < c->len; i++)
		lines += c->text[i] == '\n';
	if (c->len && c->text[c->len - 1] != '\n')
		lines = SIZE_MAX;
	free(c->text);
	return lines;
}

static bool strings_empty(const struct ztnet_strings *list)
{
	return !list->items && !list->len;
}

static void check_refused(const struct ztnet_quick *q, int ret, size_t said)
{
	fuzz_require(ret == ZTNET_EXIT_USAGE, TARGET,
		     "a refused file is status 2");
	fuzz_require(said == 1, TARGET, "a refused file says one line");
	fuzz_require(!q->config && !q->config_len && !q->line_of && !q->lines &&
		     !q->mtu && !q->table && strings_empty(&q->addresses) &&
		     strings_empty(&q->dns) && strings_empty(&q->dns_search) &&
		     strings_empty(&q->pre_up) && strings_empty(&q->post_up) &&
		     strings_empty(&q->pre_down) &&
		     strings_empty(&q->post_down),
		     TARGET, "a refused file leaves nothing to free");
}

/* Each line of config is its line of the file, in the file's order. */
static void check_config(const struct ztnet_quick *q, const struct model *m)
{
	const char *p = q->config, *end = q->config + q->config_len, *nl;
	unsigned int prev = 0;
	size_t i;

	fuzz_require(q->config && !q->config[q->config_len], TARGET,
		     "config ends in a NUL");
	for (i = 0; i < q->lines; i++, p = nl + 1) {
		unsigned int n = q->line_of[i];

		nl = memchr(p, '\n', (size_t)(end - p));
		fuzz_require(nl, TARGET, "config has a line for each line_of");
		fuzz_require(n > prev && n <= m->lines, TARGET,
			     "line_of rises, within the file");
		fuzz_require((size_t)(nl - p) == m->line[n - 1].len &&
			     !memcmp(p, m->line[n - 1].s, m->line[n - 1].len),
			     TARGET, "a line of config is its line of the file");
		fuzz_require(ztnet_quick_file_line(q, (unsigned int)i + 1) == n,
			     TARGET, "file_line is line_of");
		prev = n;
	}
	fuzz_require(p == end, TARGET, "config has no line without a line_of");
}

/* Those left out are exactly wg-quick's keys (and a last blank line). */
static void check_left_out(const struct ztnet_quick *q, const struct model *m)
{
	size_t i, kept = 0;

	for (i = 0; i < m->lines; i++) {
		bool in_config = kept < q->lines && q->line_of[kept] == i + 1;

		fuzz_require(in_config == (m->kind[i] == LINE_KEPT), TARGET,
			     "only wg-quick's keys of [Interface] are left out");
		kept += in_config;
	}
}

/*
 * A list of Address or DNS: single words, no comma or white space.  (A
 * word that starts with a NUL byte is read as an empty one.)
 */
static void check_words(const struct ztnet_strings *list, const struct model *m)
{
	size_t i, j;

	for (i = 0; i < list->len; i++) {
		const char *w = list->items[i];

		fuzz_require(w[0] != '\0' || m->nul, TARGET, "no empty list item");
		for (j = 0; w[j]; j++)
			fuzz_require(w[j] != ',' && !isspace((unsigned char)w[j]),
				     TARGET, "list items are single words");
	}
}

/* wg-quick's test of a DNS word: an address has a ':' or digits and dots. */
static void check_dns(const struct ztnet_strings *list, bool servers)
{
	size_t i;

	for (i = 0; i < list->len; i++) {
		const char *w = list->items[i];
		bool address = strchr(w, ':') ||
			       strspn(w, "0123456789.") == strlen(w);

		fuzz_require(address == servers, TARGET,
			     "DNS servers are addresses, the rest search domains");
	}
}

/* Hooks of key k come one a line, each from its line. */
static void check_hooks(const struct ztnet_strings *hooks, int k,
			const struct model *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->lines; i++) {
		if (m->kind[i] != k)
			continue;
		fuzz_require(n < hooks->len, TARGET, "a hook for each hook line");
		fuzz_require(memmem(m->line[i].s, m->line[i].len,
				    hooks->items[n], strlen(hooks->items[n])),
			     TARGET, "a hook is taken from its line");
		n++;
	}
	fuzz_require(n == hooks->len, TARGET, "no hook without its line");
}

/* MTU and Table: the last line's value, if any, cut at a NUL byte. */
static void check_last_value(const char *got, int k, const struct model *m)
{
	struct span v;

	fuzz_require(!got == !m->has[k], TARGET,
		     "MTU and Table are set by their lines only");
	if (!got)
		return;
	v = value_of(m->line[m->last[k]]);
	fuzz_require(strlen(got) == strnlen(v.s, v.len) &&
		     !memcmp(got, v.s, strlen(got)), TARGET,
		     "the last MTU and Table count");
}

static void check_read(const struct ztnet_quick *q, const struct model *m)
{
	check_config(q, m);
	check_left_out(q, m);
	check_hooks(&q->pre_up, KEY_PRE_UP, m);
	check_hooks(&q->post_up, KEY_POST_UP, m);
	check_hooks(&q->pre_down, KEY_PRE_DOWN, m);
	check_hooks(&q->post_down, KEY_POST_DOWN, m);
	check_words(&q->addresses, m);
	check_words(&q->dns, m);
	check_words(&q->dns_search, m);
	check_dns(&q->dns, true);
	check_dns(&q->dns_search, false);
	check_last_value(q->mtu, KEY_MTU, m);
	check_last_value(q->table, KEY_TABLE, m);
	fuzz_require(q->save_config == m->save_config, TARGET,
		     "the last SaveConfig counts");
	fuzz_require(q->dns.len + q->dns_search.len == 0 || m->has[KEY_DNS],
		     TARGET, "DNS comes from DNS lines");
	fuzz_require(!q->addresses.len || m->has[KEY_ADDRESS], TARGET,
		     "addresses come from Address lines");
}

/* A number given in decimal digits alone, else 0: what to expect of it. */
static uint64_t digits_value(const char *text)
{
	if (!text || !*text || strspn(text, "0123456789") != strlen(text) ||
	    strlen(text) > 19)
		return 0;
	return strtoull(text, NULL, 10);
}

/*
 * Up's documented order: link, PreUp, addconf, addresses, MTU, up, DNS,
 * the routing, PostUp.
 */
static int rank(const struct ztnet_step *step)
{
	switch (step->kind) {
	case ZTNET_STEP_LINK:
		return 0;
	case ZTNET_STEP_HOOK:
		return strcmp(step->name, "PreUp") == 0 ? 1 : 8;
	case ZTNET_STEP_SETCONF:
		return 2;
	case ZTNET_STEP_ADDRESS:
		return 3;
	case ZTNET_STEP_MTU:
		return 4;
	case ZTNET_STEP_UP:
		return 5;
	case ZTNET_STEP_DNS:
		return 6;
	default:
		return 7;
	}
}

static void check_step(const struct ztnet_quick *q, const struct ztnet_step *step,
		       const struct plan_facts *pf)
{
	char dns[sizeof(pf->facts.dns_prefix) + IFNAMSIZ];
	uint64_t mtu = q->mtu ? digits_value(q->mtu) : pf->auto_mtu;

	snprintf(dns, sizeof(dns), "%s%s", pf->facts.dns_prefix, IFNAME);
	if (step->kind == ZTNET_STEP_LINK)
		fuzz_require(strcmp(step->name, IFNAME) == 0, TARGET,
			     "the link is the file's name");
	if (step->kind == ZTNET_STEP_HOOK)
		fuzz_require((!strcmp(step->name, "PreUp") ||
			      !strcmp(step->name, "PostUp")) &&
			     !strstr(step->text, "%i"), TARGET,
			     "up runs PreUp and PostUp, every %i replaced");
	if (step->kind == ZTNET_STEP_MTU)
		fuzz_require(step->value == mtu || (q->mtu && !mtu), TARGET,
			     "the MTU is the file's, or the path's less 80");
	if (step->kind == ZTNET_STEP_DNS)
		fuzz_require(strcmp(step->name, dns) == 0, TARGET,
			     "resolvconf's name is the prefix and the device");
}

/* The steps in order, as many of each as the file asks for. */
static void check_steps(const struct ztnet_quick *q, const struct ztnet_plan *plan,
			const struct plan_facts *pf)
{
	size_t count[ZTNET_STEP_SYSCTL + 1] = { 0 }, pre_up = 0, i;
	int last = 0;

	for (i = 0; i < plan->len; i++) {
		const struct ztnet_step *step = &plan->steps[i];

		fuzz_require(rank(step) >= last, TARGET, "steps in up's order");
		last = rank(step);
		count[step->kind]++;
		pre_up += last == 1;
		check_step(q, step, pf);
	}
	fuzz_require(count[ZTNET_STEP_LINK] == 1 &&
		     count[ZTNET_STEP_SETCONF] == 1 &&
		     count[ZTNET_STEP_MTU] == 1 && count[ZTNET_STEP_UP] == 1,
		     TARGET, "one link, addconf, MTU and up");
	fuzz_require(count[ZTNET_STEP_ADDRESS] == q->addresses.len, TARGET,
		     "a step for each address");
	fuzz_require(pre_up == q->pre_up.len &&
		     count[ZTNET_STEP_HOOK] == pre_up + q->post_up.len, TARGET,
		     "a step for each PreUp and PostUp");
	/* wg-quick's set_dns: nothing for search domains alone. */
	fuzz_require(count[ZTNET_STEP_DNS] == (q->dns.len > 0), TARGET,
		     "DNS once, if there are servers");
}

enum table_mode { TABLE_AUTO, TABLE_OFF, TABLE_FIXED };

static enum table_mode table_mode(const char *table)
{
	if (!table || !*table || strcmp(table, "auto") == 0)
		return TABLE_AUTO;
	return strcmp(table, "off") == 0 ? TABLE_OFF : TABLE_FIXED;
}

struct routing {
	enum table_mode mode;
	uint32_t table;		/* FIXED: the file's, if it is digits */
	uint32_t mark;		/* AUTO: a full tunnel's table */
	size_t defaults;	/* routes of a /0 */
	size_t v4_defaults;
	size_t count[ZTNET_STEP_SYSCTL + 1];
	unsigned int cidr;	/* the last route's */
};

static void check_route(struct routing *r, const struct ztnet_step *step)
{
	bool whole = step->prefix.cidr == 0;

	fuzz_require(step->prefix.cidr <= r->cidr, TARGET,
		     "routes longest prefix first");
	r->cidr = step->prefix.cidr;
	if (r->mode == TABLE_FIXED)
		fuzz_require(step->table && (!r->table || step->table == r->table) &&
			     !step->covered, TARGET,
			     "a Table's routes are all in it");
	else
		fuzz_require(step->table == (whole ? r->mark : ZTNET_TABLE_MAIN) &&
			     !(whole && step->covered), TARGET,
			     "auto routes /0 to the mark's table, the rest to main");
	whole = whole && r->mode == TABLE_AUTO;
	r->defaults += whole;
	r->v4_defaults += whole && step->prefix.family == AF_INET;
}

/* A full tunnel's steps are auto's only, each rule in its table. */
static void check_tunnel_step(const struct routing *r,
			      const struct ztnet_step *step,
			      const struct ztnet_quick_facts *facts)
{
	fuzz_require(r->mode == TABLE_AUTO, TARGET,
		     "a full tunnel only with Table = auto");
	if (step->kind == ZTNET_STEP_RULE_NOT_FWMARK)
		fuzz_require(step->table == r->mark, TARGET,
			     "not fwmark T table T");
	if (step->kind == ZTNET_STEP_RULE_SUPPRESS)
		fuzz_require(step->table == ZTNET_TABLE_MAIN, TARGET,
			     "suppress_prefixlength 0 in main");
	if (step->kind == ZTNET_STEP_FWMARK)
		fuzz_require(step->value == facts->free_table, TARGET,
			     "the mark set is the free table");
	if (step->kind == ZTNET_STEP_SYSCTL)
		fuzz_require(step->value == facts->src_valid_mark, TARGET,
			     "the sysctl remembers what it was");
}

static size_t allowed_ips(const struct ztnet_device *dev)
{
	size_t n = 0, p;

	for (p = 0; p < dev->peers_len; p++)
		n += dev->peers[p].allowedips_len;
	return n;
}

/* Whether a and b are one prefix: their first cidr bits alike. */
static bool same_prefix_bits(const struct ztnet_allowedip *a,
			     const struct ztnet_allowedip *b)
{
	const uint8_t *x = (const uint8_t *)&a->ip6, *y = (const uint8_t *)&b->ip6;
	unsigned int whole = a->cidr / 8, rest = a->cidr % 8;

	if (a->family != b->family || a->cidr != b->cidr)
		return false;
	if (memcmp(x, y, whole))
		return false;
	return !rest || !((x[whole] ^ y[whole]) & (0xff << (8 - rest)));
}

/*
 * Whether a prefix is left once the file's allowed IPs apply in order: an
 * allowed IP moves its prefix to its peer, and a '-' takes the prefix
 * only from the peer that holds it.  "AllowedIPs = -10.0.0.0/24" alone
 * leaves nothing to route.
 */
static bool any_prefix_held(const struct ztnet_device *dev)
{
	const struct ztnet_peer *peers = dev->peers;
	struct held_ip {
		const struct ztnet_allowedip *ip;
		size_t peer;
	} *held;
	size_t len = 0, p, i, k;

	held = calloc(allowed_ips(dev) + 1, sizeof(*held));
	fuzz_require(held, TARGET, "calloc");
	for (p = 0; p < dev->peers_len; p++) {
		for (i = 0; i < peers[p].allowedips_len; i++) {
			const struct ztnet_allowedip *ip = &peers[p].allowedips[i];

			for (k = 0; k < len && !same_prefix_bits(held[k].ip, ip); k++)
				;
			if (!ip->remove_me) {
				held[k].ip = ip;
				held[k].peer = p;
				len += k == len;
			} else if (k < len &&
				   !memcmp(peers[held[k].peer].public_key,
					   peers[p].public_key,
					   sizeof(peers[p].public_key))) {
				held[k] = held[--len];
			}
		}
	}
	free(held);
	return len;
}

static void check_routing(const struct ztnet_quick *q,
			  const struct ztnet_device *dev,
			  const struct ztnet_plan *plan,
			  const struct ztnet_quick_facts *facts)
{
	struct routing r = { .mode = table_mode(q->table), .cidr = 128 };
	size_t *count = r.count, i;

	r.table = strcmp(q->table ? q->table : "", "main") == 0 ?
		  ZTNET_TABLE_MAIN : (uint32_t)digits_value(q->table);
	r.mark = dev->fwmark ? dev->fwmark : facts->free_table;
	for (i = 0; i < plan->len; i++) {
		const struct ztnet_step *step = &plan->steps[i];

		if (rank(step) != 7)
			continue;
		fuzz_require(r.mode != TABLE_OFF, TARGET,
			     "Table = off routes nothing");
		count[step->kind]++;
		if (step->kind == ZTNET_STEP_ROUTE)
			check_route(&r, step);
		else
			check_tunnel_step(&r, step, facts);
	}
	fuzz_require(count[ZTNET_STEP_ROUTE] <= allowed_ips(dev) &&
		     (count[ZTNET_STEP_ROUTE] || !any_prefix_held(dev) ||
		      r.mode == TABLE_OFF), TARGET,
		     "a route for each allowed IP, less those repeated");
	fuzz_require(count[ZTNET_STEP_RULE_NOT_FWMARK] == r.defaults &&
		     count[ZTNET_STEP_RULE_SUPPRESS] == r.defaults, TARGET,
		     "two rules for each /0 route");
	fuzz_require(count[ZTNET_STEP_FWMARK] == (r.defaults && !dev->fwmark),
		     TARGET, "a mark for a full tunnel that has none");
	fuzz_require(count[ZTNET_STEP_SYSCTL] ==
		     (r.v4_defaults && facts->src_valid_mark != 1), TARGET,
		     "src_valid_mark set once for IPv4, if it is not");
}

/* The step as --dry-run prints it and the state file holds it. */
static char *step_line(const struct ztnet_step *step)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	fuzz_require(out, TARGET, "open_memstream");
	ztnet_step_print(out, step);
	fclose(out);
	fuzz_require(len && !memchr(text, '\n', len) && strlen(text) == len,
		     TARGET, "a step prints as one line");
	return text;
}

/* What down reads of the state file is the step up wrote. */
static void check_state_line(const struct ztnet_step *step, const char *line)
{
	struct ztnet_step back;
	char *again;

	fuzz_require(ztnet_step_parse(line, &back), TARGET,
		     "down reads each step it undoes");
	again = step_line(&back);
	/* Down needs DNS's name only, and reads no more of the line. */
	if (step->kind == ZTNET_STEP_DNS)
		fuzz_require(!strncmp(line, again, strlen(again)), TARGET,
			     "down reads DNS's name back");
	else
		fuzz_require(!strcmp(line, again), TARGET,
			     "down reads back the step up wrote");
	free(again);
	ztnet_step_free(&back);
}

static void check_lines(const struct ztnet_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->len; i++) {
		char *line = step_line(&plan->steps[i]);

		if (ztnet_step_undoable(&plan->steps[i]))
			check_state_line(&plan->steps[i], line);
		free(line);
	}
}

static void check_plan(const struct ztnet_quick *q,
		       const struct ztnet_device *dev,
		       const struct plan_facts *pf)
{
	struct ztnet_plan plan;
	struct capture c;
	size_t said;
	int ret;

	capture_start(&c);
	ret = ztnet_quick_plan(q, dev, &pf->facts, &plan);
	said = capture_end(&c);
	if (ret != ZTNET_EXIT_OK) {
		fuzz_require(ret == ZTNET_EXIT_USAGE && said == 1 && !plan.len &&
			     !plan.steps, TARGET,
			     "a refused plan is status 2, one line, no steps");
		fuzz_require(q->addresses.len || q->mtu || q->table, TARGET,
			     "only an Address, MTU or Table refuses a plan");
		return;
	}
	fuzz_require(said == 0, TARGET, "a plan says nothing");
	check_steps(q, &plan, pf);
	check_routing(q, dev, &plan, &pf->facts);
	check_lines(&plan);
	ztnet_plan_free(&plan);
}

/* What up plans for what addconf takes of config. */
static void check_up(const struct ztnet_quick *q)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	size_t i;

	if (!ztnet_conf_parse(q->config, q->config_len, true, &dev, &err)) {
		/* fuzz-config holds setconf's parser to its messages. */
		fuzz_require(err.status == ZTNET_EXIT_USAGE ||
			     err.status == ZTNET_EXIT_BAD_KEY, TARGET,
			     "setconf refuses with status 2 or 3");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(fact_sets); i++)
		check_plan(q, &dev, &fact_sets[i]);
	ztnet_device_wipe(&dev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_quick q = { .path = IFNAME ".conf", .ifname = IFNAME };
	const char *text = (const char *)data;
	struct capture c;
	struct model m;
	size_t said;
	int ret;

	model_read(&m, text, size);
	capture_start(&c);
	ret = ztnet_quick_parse(&q, text, size);
	said = capture_end(&c);
	fuzz_require(!ret == !m.refused, TARGET,
		     "refused only for a SaveConfig neither true nor false");
	if (ret) {
		check_refused(&q, ret, said);
	} else {
		fuzz_require(said == 0, TARGET, "a file read says nothing");
		check_read(&q, &m);
		check_up(&q);
		ztnet_quick_free(&q);
	}
	model_free(&m);
	return 0;
}
