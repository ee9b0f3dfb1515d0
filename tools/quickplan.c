// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "err.h"
#include "exitcode.h"
#include "format.h"
#include "key.h"
#include "mem.h"
#include "quickplan.h"
#include "rttables.h"
#include "value.h"

/* The largest MTU a link takes; the kernel says if the device can't. */
#define MTU_MAX 65535

uint32_t ztnet_quick_auto_mtu(uint32_t path_mtu)
{
	/* wg-quick: the path's MTU less 80, the room IPv6 and WireGuard take. */
	if (!path_mtu || path_mtu > INT32_MAX)
		path_mtu = 1500;
	return path_mtu > 80 ? path_mtu - 80 : path_mtu;
}

/* A number, or a name ip(8) knows (rttables.h); table 0 is none. */
static bool table_number(const char *text, uint32_t *table)
{
	uint64_t n;

	if (ztnet_parse_number(text, 10, UINT32_MAX, &n))
		*table = (uint32_t)n;
	else if (!ztnet_rt_table_lookup(text, table))
		return false;
	return *table != 0;
}

bool ztnet_quick_table(const char *text, enum ztnet_table_mode *mode,
		       uint32_t *table)
{
	*table = 0;
	if (!text || !*text || strcmp(text, "auto") == 0) {
		*mode = ZTNET_TABLE_AUTO;
		return true;
	}
	*mode = ZTNET_TABLE_FIXED;
	if (strcmp(text, "off") == 0) {
		*mode = ZTNET_TABLE_OFF;
		return true;
	}
	/* ip(8) knows these names from rt_tables without reading it. */
	if (strcmp(text, "main") == 0)
		*table = ZTNET_TABLE_MAIN;
	else if (strcmp(text, "default") == 0)
		*table = 253;
	else if (strcmp(text, "local") == 0)
		*table = 255;
	else
		return table_number(text, table);
	return true;
}

void ztnet_step_free(struct ztnet_step *step)
{
	free(step->name);
	free(step->text);
	step->name = step->text = NULL;
}

void ztnet_plan_free(struct ztnet_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->len; i++)
		ztnet_step_free(&plan->steps[i]);
	free(plan->steps);
	memset(plan, 0, sizeof(*plan));
}

static char *dup_or_null(const char *s)
{
	return s ? ztnet_strndup(s, strlen(s)) : NULL;
}

void ztnet_plan_push(struct ztnet_plan *plan, const struct ztnet_step *step)
{
	struct ztnet_step *copy;

	ztnet_grow((void **)&plan->steps, &plan->cap, plan->len,
		   sizeof(*plan->steps), false);
	copy = &plan->steps[plan->len++];
	*copy = *step;
	copy->name = dup_or_null(step->name);
	copy->text = dup_or_null(step->text);
}

static void push_kind(struct ztnet_plan *plan, enum ztnet_step_kind kind,
		      const char *name, const char *text)
{
	struct ztnet_step step = { .kind = kind };

	step.name = (char *)name;
	step.text = (char *)text;
	ztnet_plan_push(plan, &step);
}

char *ztnet_quick_hook(const char *cmd, const char *ifname)
{
	size_t len = 0, cap = 0, n;
	char *out = NULL;
	const char *p;

	for (p = cmd;; p += n) {
		const char *hit = strstr(p, "%i");
		const char *piece = hit ? ifname : "";

		n = hit ? (size_t)(hit - p) : strlen(p);
		while (cap < len + n + strlen(piece) + 1)
			ztnet_grow((void **)&out, &cap, cap, 1, false);
		memcpy(out + len, p, n);
		len += n;
		memcpy(out + len, piece, strlen(piece));
		len += strlen(piece);
		out[len] = '\0';
		if (!hit)
			return out;
		n += 2;
	}
}

static void push_hooks(struct ztnet_plan *plan, const char *phase,
		       const struct ztnet_strings *hooks, const char *ifname)
{
	size_t i;

	for (i = 0; i < hooks->len; i++) {
		char *cmd = ztnet_quick_hook(hooks->items[i], ifname);

		push_kind(plan, ZTNET_STEP_HOOK, phase, cmd);
		free(cmd);
	}
}

static int push_addresses(struct ztnet_plan *plan, const struct ztnet_quick *q)
{
	struct ztnet_step step = { .kind = ZTNET_STEP_ADDRESS };
	size_t i;

	for (i = 0; i < q->addresses.len; i++) {
		if (!ztnet_parse_cidr(q->addresses.items[i], &step.prefix))
			return ztnet_invalid("Address", q->addresses.items[i],
					     "IP/CIDR");
		ztnet_plan_push(plan, &step);
	}
	return ZTNET_EXIT_OK;
}

static int push_mtu(struct ztnet_plan *plan, const struct ztnet_quick *q,
		    const struct ztnet_quick_facts *facts)
{
	struct ztnet_step step = { .kind = ZTNET_STEP_MTU };
	uint64_t mtu;

	if (!q->mtu)
		step.value = ztnet_quick_auto_mtu(facts->path_mtu);
	else if (ztnet_parse_number(q->mtu, 10, MTU_MAX, &mtu) && mtu)
		step.value = (uint32_t)mtu;
	else
		return ztnet_invalid("MTU", q->mtu, "1 to 65535");
	ztnet_plan_push(plan, &step);
	return ZTNET_EXIT_OK;
}

/* resolvconf's input: the servers, then the search domains on one line. */
static char *dns_text(const struct ztnet_quick *q)
{
	size_t i, len = 0;
	char *out;

	for (i = 0; i < q->dns.len; i++)
		len += strlen(q->dns.items[i]) + sizeof("nameserver \n");
	for (i = 0; i < q->dns_search.len; i++)
		len += strlen(q->dns_search.items[i]) + sizeof("search \n");
	out = calloc(1, len + 1);
	if (!out)
		ztnet_out_of_memory();
	for (i = 0; i < q->dns.len; i++)
		sprintf(out + strlen(out), "nameserver %s\n", q->dns.items[i]);
	for (i = 0; i < q->dns_search.len; i++)
		sprintf(out + strlen(out), "%s%s%s", i ? " " : "search ",
			q->dns_search.items[i],
			i + 1 == q->dns_search.len ? "\n" : "");
	return out;
}

static void push_dns(struct ztnet_plan *plan, const struct ztnet_quick *q,
		     const struct ztnet_quick_facts *facts)
{
	char name[sizeof(facts->dns_prefix) + IFNAMSIZ];
	char *text;

	/* wg-quick calls resolvconf only for servers, not for domains alone. */
	if (!q->dns.len)
		return;
	snprintf(name, sizeof(name), "%s%s", facts->dns_prefix, q->ifname);
	text = dns_text(q);
	push_kind(plan, ZTNET_STEP_DNS, name, text);
	free(text);
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* ip with the bits past its prefix cleared, as the kernel keeps routes. */
static void mask_prefix(struct ztnet_allowedip *ip)
{
	uint8_t *b = (uint8_t *)&ip->ip6;
	size_t i, len = addr_len(ip->family);

	for (i = 0; i < len; i++) {
		unsigned int keep = ip->cidr > i * 8 ? ip->cidr - i * 8 : 0;

		if (keep < 8)
			b[i] &= (uint8_t)(0xff00 >> keep);
	}
}

static bool same_prefix(const struct ztnet_allowedip *a,
			const struct ztnet_allowedip *b)
{
	return a->family == b->family && a->cidr == b->cidr &&
	       memcmp(&a->ip6, &b->ip6, addr_len(a->family)) == 0;
}

bool ztnet_prefix_covers(const struct ztnet_allowedip *outer,
			 const struct ztnet_allowedip *inner)
{
	struct ztnet_allowedip a = *outer, b = *inner;

	if (a.family != b.family || a.cidr > b.cidr)
		return false;
	b.cidr = a.cidr;
	mask_prefix(&a);
	mask_prefix(&b);
	return same_prefix(&a, &b);
}

/*
 * Whether an address's own route covers ip: the kernel adds one for an
 * IPv4 address shorter than /32 and for every IPv6 address, and wg-quick
 * adds no route of its own where one serves (`ip route show match`).
 */
static bool address_covers(const struct ztnet_plan *plan,
			   const struct ztnet_allowedip *ip)
{
	size_t i;

	for (i = 0; i < plan->len; i++) {
		const struct ztnet_step *s = &plan->steps[i];

		if (s->kind != ZTNET_STEP_ADDRESS)
			continue;
		if (s->prefix.family == AF_INET && s->prefix.cidr == 32)
			continue;
		if (ztnet_prefix_covers(&s->prefix, ip))
			return true;
	}
	return false;
}

/* wg-quick's `sort -nr -k 2 -t /`: longest prefix first, then text, down. */
static int route_order(const void *pa, const void *pb)
{
	const struct ztnet_allowedip *a = pa, *b = pb;
	char ta[ZTNET_ALLOWEDIP_STRLEN], tb[ZTNET_ALLOWEDIP_STRLEN];

	if (a->cidr != b->cidr)
		return a->cidr > b->cidr ? -1 : 1;
	ztnet_format_allowedip(ta, a);
	ztnet_format_allowedip(tb, b);
	return -strcmp(ta, tb);
}

/* A prefix the device will hold, and the key of the peer it is for. */
struct held_prefix {
	struct ztnet_allowedip ip;
	const uint8_t *key;
};

struct held {
	struct held_prefix *prefixes;
	size_t len, cap;
};

/*
 * Plays one allowed IP of the peer with key as the kernel applies it: a
 * prefix moves to the last peer given it, and a '-' removes it only from
 * the peer that holds it.
 */
static void hold_prefix(struct held *h, struct ztnet_allowedip ip,
			const uint8_t *key)
{
	size_t j;

	mask_prefix(&ip);
	for (j = 0; j < h->len && !same_prefix(&h->prefixes[j].ip, &ip); j++)
		;
	if (ip.remove_me) {
		if (j < h->len && ztnet_key_equal(h->prefixes[j].key, key))
			h->prefixes[j] = h->prefixes[--h->len];
		return;
	}
	if (j == h->len) {
		ztnet_grow((void **)&h->prefixes, &h->cap, h->len,
			   sizeof(*h->prefixes), false);
		h->len++;
	}
	h->prefixes[j].ip = ip;
	h->prefixes[j].key = key;
}

/*
 * The prefixes the device holds once the file is applied, once each, in
 * wg-quick's order: wg-quick routes what `wg show allowed-ips` lists.
 */
static struct ztnet_allowedip *route_prefixes(const struct ztnet_device *dev,
					      size_t *count)
{
	struct ztnet_allowedip *all = NULL;
	struct held h = { 0 };
	size_t p, i;

	for (p = 0; p < dev->peers_len; p++)
		for (i = 0; i < dev->peers[p].allowedips_len; i++)
			hold_prefix(&h, dev->peers[p].allowedips[i],
				    dev->peers[p].public_key);
	*count = h.len;
	if (!h.len) {
		free(h.prefixes);	/* all that was added was removed */
		return NULL;
	}
	all = malloc(h.len * sizeof(*all));
	if (!all)
		ztnet_out_of_memory();
	for (i = 0; i < h.len; i++)
		all[i] = h.prefixes[i].ip;
	free(h.prefixes);
	qsort(all, h.len, sizeof(*all), route_order);
	return all;
}

bool ztnet_quick_full_tunnel(const struct ztnet_quick *q,
			     const struct ztnet_device *dev)
{
	enum ztnet_table_mode mode;
	struct ztnet_allowedip *ips;
	uint32_t table;
	size_t n, i;

	if (!ztnet_quick_table(q->table, &mode, &table) ||
	    mode != ZTNET_TABLE_AUTO)
		return false;
	/* Longest first: a /0 is last. */
	ips = route_prefixes(dev, &n);
	for (i = 0; i < n && ips[i].cidr; i++)
		;
	free(ips);
	return i < n;
}

struct route_ctx {
	struct ztnet_plan *plan;
	const struct ztnet_quick_facts *facts;
	uint32_t fwmark;	/* the full tunnel's table; 0 until known */
	bool sysctl_done;
};

/* wg-quick's add_default: own table, two rules, the route, the sysctl. */
static void push_default(struct route_ctx *ctx, const struct ztnet_allowedip *ip)
{
	struct ztnet_step step = { .prefix = *ip };

	if (!ctx->fwmark) {
		ctx->fwmark = ctx->facts->free_table;
		step.kind = ZTNET_STEP_FWMARK;
		step.value = ctx->fwmark;
		ztnet_plan_push(ctx->plan, &step);
	}
	step.kind = ZTNET_STEP_RULE_NOT_FWMARK;
	step.table = ctx->fwmark;
	ztnet_plan_push(ctx->plan, &step);
	step.kind = ZTNET_STEP_RULE_SUPPRESS;
	step.table = ZTNET_TABLE_MAIN;
	ztnet_plan_push(ctx->plan, &step);
	step.kind = ZTNET_STEP_ROUTE;
	step.table = ctx->fwmark;
	ztnet_plan_push(ctx->plan, &step);
	if (ip->family != AF_INET || ctx->sysctl_done ||
	    ctx->facts->src_valid_mark == 1)
		return;
	ctx->sysctl_done = true;
	memset(&step, 0, sizeof(step));
	step.kind = ZTNET_STEP_SYSCTL;
	step.value = ctx->facts->src_valid_mark;
	ztnet_plan_push(ctx->plan, &step);
}

static void push_routes(struct ztnet_plan *plan, const struct ztnet_device *dev,
			enum ztnet_table_mode mode, uint32_t table,
			const struct ztnet_quick_facts *facts)
{
	struct route_ctx ctx = { .plan = plan, .facts = facts };
	struct ztnet_step step = { .kind = ZTNET_STEP_ROUTE };
	struct ztnet_allowedip *ips;
	size_t n, i;

	if (mode == ZTNET_TABLE_OFF)
		return;
	/* wg-quick's get_fwmark: a mark the configuration sets is the table. */
	ctx.fwmark = dev->fwmark;
	ips = route_prefixes(dev, &n);
	for (i = 0; i < n; i++) {
		if (mode == ZTNET_TABLE_AUTO && ips[i].cidr == 0) {
			push_default(&ctx, &ips[i]);
			continue;
		}
		step.prefix = ips[i];
		step.table = mode == ZTNET_TABLE_FIXED ? table : ZTNET_TABLE_MAIN;
		step.if_uncovered = mode == ZTNET_TABLE_AUTO;
		step.covered = step.if_uncovered && address_covers(plan, &ips[i]);
		ztnet_plan_push(plan, &step);
	}
	free(ips);
}

int ztnet_quick_plan(const struct ztnet_quick *q,
		     const struct ztnet_device *dev,
		     const struct ztnet_quick_facts *facts,
		     struct ztnet_plan *plan)
{
	enum ztnet_table_mode mode;
	uint32_t table;
	int ret;

	memset(plan, 0, sizeof(*plan));
	if (!ztnet_quick_table(q->table, &mode, &table))
		return ztnet_invalid("Table", q->table,
				     "off, auto, a number or a name of rt_tables");
	push_kind(plan, ZTNET_STEP_LINK, q->ifname, NULL);
	push_hooks(plan, "PreUp", &q->pre_up, q->ifname);
	push_kind(plan, ZTNET_STEP_SETCONF, NULL, NULL);
	ret = push_addresses(plan, q);
	if (ret == ZTNET_EXIT_OK)
		ret = push_mtu(plan, q, facts);
	if (ret != ZTNET_EXIT_OK) {
		ztnet_plan_free(plan);
		return ret;
	}
	push_kind(plan, ZTNET_STEP_UP, NULL, NULL);
	push_dns(plan, q, facts);
	push_routes(plan, dev, mode, table, facts);
	push_hooks(plan, "PostUp", &q->post_up, q->ifname);
	return ZTNET_EXIT_OK;
}

static const char *family_word(int family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

static void print_table(FILE *out, uint32_t table)
{
	if (table == ZTNET_TABLE_MAIN)
		fputs(" table main", out);
	else
		fprintf(out, " table %u", table);
}

/* DNS's input on one line: "nameserver 1.1.1.1; search example.com". */
static void print_flat(FILE *out, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	for (; len && text[len - 1] == '\n'; len--)
		;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			fputs("; ", out);
		else
			fputc(text[i], out);
	}
}

/* The steps of routing: routes, rules and the sysctl. */
static void print_routing(FILE *out, const struct ztnet_step *step,
			  const char *ip)
{
	const char *family = family_word(step->prefix.family);

	switch (step->kind) {
	case ZTNET_STEP_ROUTE:
		fprintf(out, "route %s", ip);
		print_table(out, step->table);
		if (step->covered)
			fputs(" covered", out);
		break;
	case ZTNET_STEP_RULE_NOT_FWMARK:
		fprintf(out, "rule %s not-fwmark %u", family, step->table);
		print_table(out, step->table);
		break;
	case ZTNET_STEP_RULE_SUPPRESS:
		fprintf(out, "rule %s suppress-prefixlength 0", family);
		print_table(out, step->table);
		break;
	default:
		fprintf(out, "sysctl %s 1 was %u", ZTNET_SRC_VALID_MARK, step->value);
		break;
	}
}

void ztnet_step_print(FILE *out, const struct ztnet_step *step)
{
	char ip[ZTNET_ALLOWEDIP_STRLEN];

	ztnet_format_allowedip(ip, &step->prefix);
	switch (step->kind) {
	case ZTNET_STEP_LINK:
		fprintf(out, "link %s", step->name);
		break;
	case ZTNET_STEP_HOOK:
		fprintf(out, "hook %s %s", step->name, step->text);
		break;
	case ZTNET_STEP_SETCONF:
		fputs("addconf", out);
		break;
	case ZTNET_STEP_ADDRESS:
		fprintf(out, "address %s", ip);
		break;
	case ZTNET_STEP_MTU:
		fprintf(out, "mtu %u", step->value);
		break;
	case ZTNET_STEP_UP:
		fputs("up", out);
		break;
	case ZTNET_STEP_DNS:
		fprintf(out, "dns %s", step->name);
		if (step->text) {
			fputc(' ', out);
			print_flat(out, step->text);
		}
		break;
	case ZTNET_STEP_FWMARK:
		fprintf(out, "fwmark %u", step->value);
		break;
	default:
		print_routing(out, step, ip);
		break;
	}
}

bool ztnet_step_undoable(const struct ztnet_step *step)
{
	switch (step->kind) {
	case ZTNET_STEP_LINK:
	case ZTNET_STEP_ADDRESS:
	case ZTNET_STEP_DNS:
	case ZTNET_STEP_RULE_NOT_FWMARK:
	case ZTNET_STEP_RULE_SUPPRESS:
	case ZTNET_STEP_SYSCTL:
		return true;
	case ZTNET_STEP_ROUTE:
		return !step->covered;
	default:
		/* The link's deletion takes the rest with it; hooks are the user's. */
		return false;
	}
}

/* The first max words of a state line; *more if there are others. */
static size_t split_words(char *line, char **words, size_t max, bool *more)
{
	size_t n = 0;
	char *save = NULL, *w;

	*more = false;
	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == max) {
			*more = true;
			break;
		}
		words[n++] = w;
	}
	return n;
}

/* resolvconf's name goes into a shell command: wg-quick's characters only. */
static bool dns_name_valid(const char *name)
{
	size_t len = strlen(name);

	return len && len < 48 &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_=+.-") == len;
}

static bool parse_table(const char *word, const char *value, uint32_t *table)
{
	enum ztnet_table_mode mode;

	return strcmp(word, "table") == 0 && ztnet_quick_table(value, &mode, table) &&
	       mode == ZTNET_TABLE_FIXED;
}

static bool parse_u32(const char *text, uint32_t *out)
{
	uint64_t n;

	if (!ztnet_parse_number(text, 10, UINT32_MAX, &n))
		return false;
	*out = (uint32_t)n;
	return true;
}

static bool parse_family(const char *word, struct ztnet_allowedip *prefix)
{
	memset(prefix, 0, sizeof(*prefix));
	if (strcmp(word, "inet") == 0)
		prefix->family = AF_INET;
	else if (strcmp(word, "inet6") == 0)
		prefix->family = AF_INET6;
	return prefix->family != 0;
}

static bool parse_rule(char **w, size_t n, struct ztnet_step *step)
{
	uint32_t mark;

	if (n == 6 && strcmp(w[2], "not-fwmark") == 0) {
		step->kind = ZTNET_STEP_RULE_NOT_FWMARK;
		return parse_family(w[1], &step->prefix) && parse_u32(w[3], &mark) &&
		       parse_table(w[4], w[5], &step->table) && mark == step->table;
	}
	step->kind = ZTNET_STEP_RULE_SUPPRESS;
	return n == 6 && strcmp(w[2], "suppress-prefixlength") == 0 &&
	       strcmp(w[3], "0") == 0 && parse_family(w[1], &step->prefix) &&
	       parse_table(w[4], w[5], &step->table);
}

static bool parse_route(char **w, size_t n, struct ztnet_step *step)
{
	step->kind = ZTNET_STEP_ROUTE;
	if (n == 5 && strcmp(w[4], "covered") == 0)
		step->covered = true;
	else if (n != 4)
		return false;
	return ztnet_parse_cidr(w[1], &step->prefix) &&
	       parse_table(w[2], w[3], &step->table);
}

/* Only what down undoes; the other steps are never written. */
static bool parse_words(char **w, size_t n, struct ztnet_step *step)
{
	if (strcmp(w[0], "link") == 0 && n == 2 && ztnet_ifname_valid(w[1])) {
		step->kind = ZTNET_STEP_LINK;
		step->name = ztnet_strndup(w[1], strlen(w[1]));
		return true;
	}
	if (strcmp(w[0], "address") == 0 && n == 2) {
		step->kind = ZTNET_STEP_ADDRESS;
		return ztnet_parse_cidr(w[1], &step->prefix);
	}
	if (strcmp(w[0], "dns") == 0 && n >= 2 && dns_name_valid(w[1])) {
		step->kind = ZTNET_STEP_DNS;
		step->name = ztnet_strndup(w[1], strlen(w[1]));
		return true;
	}
	if (strcmp(w[0], "route") == 0)
		return parse_route(w, n, step);
	if (strcmp(w[0], "rule") == 0)
		return parse_rule(w, n, step);
	step->kind = ZTNET_STEP_SYSCTL;
	return strcmp(w[0], "sysctl") == 0 && n == 5 &&
	       strcmp(w[1], ZTNET_SRC_VALID_MARK) == 0 && strcmp(w[2], "1") == 0 &&
	       strcmp(w[3], "was") == 0 && parse_u32(w[4], &step->value);
}

bool ztnet_step_parse(const char *line, struct ztnet_step *step)
{
	char *copy = ztnet_strndup(line, strlen(line)), *w[8];
	bool ok, more;
	size_t n = split_words(copy, w, 8, &more);

	memset(step, 0, sizeof(*step));
	/* Only DNS's servers, which down does not need, run on. */
	ok = n >= 1 && (!more || strcmp(w[0], "dns") == 0) && parse_words(w, n, step);
	free(copy);
	if (!ok)
		ztnet_step_free(step);
	return ok;
}
