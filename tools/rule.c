// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "key.h"
#include "mem.h"
#include "rule.h"

#define RULE_WORDS_MAX	64

struct name_number {
	const char *name;
	int number;
};

static const struct name_number protocols[] = {
	{ "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP }, { "icmpv6", IPPROTO_ICMPV6 },
	{ "sctp", IPPROTO_SCTP }, { NULL, 0 },
};

/* The names nft(8) gives these types, so that its users know them. */
static const struct name_number icmp_types[] = {
	{ "echo-reply", 0 }, { "destination-unreachable", 3 },
	{ "source-quench", 4 }, { "redirect", 5 }, { "echo-request", 8 },
	{ "router-advertisement", 9 }, { "router-solicitation", 10 },
	{ "time-exceeded", 11 }, { "parameter-problem", 12 },
	{ "timestamp-request", 13 }, { "timestamp-reply", 14 }, { NULL, 0 },
};

static const struct name_number icmpv6_types[] = {
	{ "destination-unreachable", 1 }, { "packet-too-big", 2 },
	{ "time-exceeded", 3 }, { "parameter-problem", 4 },
	{ "echo-request", 128 }, { "echo-reply", 129 },
	{ "nd-router-solicit", 133 }, { "nd-router-advert", 134 },
	{ "nd-neighbor-solicit", 135 }, { "nd-neighbor-advert", 136 },
	{ "nd-redirect", 137 }, { NULL, 0 },
};

/* A clause's keyword is followed by exactly one word, its value. */
enum clause { C_FROM, C_TO, C_PROTO, C_PORT, C_SPORT, C_TYPE, C_NAME, C_MAX };

static const char *const clause_words[C_MAX] = {
	"from", "to", "proto", "port", "sport", "type", "name",
};

/* A rule whose words each parse but do not go together. */
static bool fail(struct ztnet_parse_error *err, const char *why)
{
	return ztnet_parse_fail(err, ZTNET_EXIT_USAGE, "%s", why);
}

static int lookup_name(const struct name_number *table, const char *name)
{
	for (; table->name; table++)
		if (!strcmp(table->name, name))
			return table->number;
	return -1;
}

static const char *lookup_number(const struct name_number *table, int n)
{
	for (; table->name; table++)
		if (table->number == n)
			return table->name;
	return NULL;
}

static bool is_name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

/* ZTNET_NAME_FORM spells the bound out, so it must not move alone. */
_Static_assert(ZTRULE_NAME_MAX == 32, "ZTNET_NAME_FORM's bound");

/* Names start with a letter or '_': a number is what a rule without one shows. */
static bool valid_name(const char *text, size_t max)
{
	size_t i;

	for (i = 0; text[i]; i++)
		if (i >= max || !is_name_char(text[i], i == 0))
			return false;
	return i > 0;
}

bool ztnet_rule_name_ok(const char *name)
{
	return valid_name(name, ZTNET_RULE_NAME_MAX);
}

static bool parse_spec(const char *text, struct ztnet_spec *spec,
		       struct ztnet_parse_error *err)
{
	memset(spec, 0, sizeof(*spec));
	if (!strcmp(text, "any")) {
		spec->kind = ZTSPEC_ANY;
		return true;
	}
	if (!strncmp(text, "group:", 6)) {
		spec->kind = ZTSPEC_GROUP;
		if (!valid_name(text + 6, ZTNET_GROUP_NAME_MAX))
			return ztnet_parse_invalid(err, "group name", text + 6,
						   ZTNET_NAME_FORM);
		strcpy(spec->group, text + 6);
		return true;
	}
	if (!strncmp(text, "peer:", 5)) {
		spec->kind = ZTSPEC_PEER;
		return ztnet_parse_key(text + 5, spec->key, "peer", err);
	}
	spec->kind = ZTSPEC_CIDR;
	if (!ztnet_parse_cidr(text, &spec->cidr))
		return ztnet_parse_invalid(err, "address", text,
					   "IP, IP/CIDR, group:NAME, peer:KEY or any");
	if (!ztnet_cidr_host_bits_clear(&spec->cidr))
		return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					"%.*s has bits set past its prefix length",
					ZTNET_QUOTE_MAX, text);
	return true;
}

static bool parse_spec_item(const char *text, void *slot,
			    struct ztnet_parse_error *err)
{
	return parse_spec(text, slot, err);
}

static bool parse_range(const char *text, void *slot,
			struct ztnet_parse_error *err)
{
	struct ztnet_port_range *range = slot;
	char word[16], *dash;
	uint64_t lo, hi = 0;
	bool ok;

	ok = strlen(text) < sizeof(word);
	if (ok) {
		strcpy(word, text);
		dash = strchr(word, '-');
		if (dash)
			*dash = '\0';
		ok = ztnet_parse_number(word, 10, UINT16_MAX, &lo);
		hi = lo;
		if (ok && dash)
			ok = ztnet_parse_number(dash + 1, 10, UINT16_MAX, &hi);
	}
	if (!ok || lo > hi)
		return ztnet_parse_invalid(err, "port or range", text,
					   "0 to 65535, or low-high with low <= high");
	range->lo = (uint16_t)lo;
	range->hi = (uint16_t)hi;
	return true;
}

/* A growing array that a comma-separated list appends to. */
struct list_sink {
	void **array;
	size_t *len;
	size_t size;		/* of one element */
	size_t max;
};

/* Parses each item of text into the next element of the sink. */
static bool parse_list(const char *text, const struct list_sink *sink,
		       bool (*parse)(const char *text, void *slot,
				     struct ztnet_parse_error *err),
		       struct ztnet_parse_error *err)
{
	char *list = ztnet_strndup(text, strlen(text)), *rest = list, *item;
	size_t cap = 0;
	bool ok = true;

	while (ok && (item = strsep(&rest, ","))) {
		if (*sink->len == sink->max) {
			ok = ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					      "more than %zu items in one list",
					      sink->max);
			break;
		}
		ztnet_grow(sink->array, &cap, *sink->len, sink->size, false);
		ok = parse(item, (char *)*sink->array + *sink->len * sink->size,
			   err);
		*sink->len += ok;
	}
	free(list);
	return ok;
}

static bool parse_specs(const char *text, struct ztnet_spec **specs,
			size_t *len, struct ztnet_parse_error *err)
{
	struct list_sink sink = { (void **)specs, len, sizeof(**specs),
				  ZTNET_RULE_SPECS_MAX };

	return parse_list(text, &sink, parse_spec_item, err);
}

static bool parse_ranges(const char *text, struct ztnet_port_range **ranges,
			 size_t *len, struct ztnet_parse_error *err)
{
	struct list_sink sink = { (void **)ranges, len, sizeof(**ranges),
				  ZTNET_RULE_RANGES_MAX };

	return parse_list(text, &sink, parse_range, err);
}

static bool parse_proto(const char *text, int *proto,
			struct ztnet_parse_error *err)
{
	uint64_t n;

	*proto = lookup_name(protocols, text);
	if (*proto >= 0)
		return true;
	if (!ztnet_parse_number(text, 10, 255, &n))
		return ztnet_parse_invalid(err, "protocol", text,
					   "tcp, udp, icmp, icmpv6, sctp or 0 to 255");
	*proto = (int)n;
	return true;
}

#define ICMP_TYPE_FORM	"0 to 255 or a name such as echo-request"

/* TYPE[/CODE]; names need the protocol, which a later word may give. */
static bool parse_type(struct ztnet_rule *rule, const char *text,
		       struct ztnet_parse_error *err)
{
	const struct name_number *names;
	char word[40], *slash;
	uint64_t n;

	if (strlen(text) >= sizeof(word))
		return ztnet_parse_invalid(err, "ICMP type", text,
					   ICMP_TYPE_FORM);
	strcpy(word, text);
	slash = strchr(word, '/');
	if (slash)
		*slash = '\0';
	names = rule->proto == IPPROTO_ICMPV6 ? icmpv6_types : icmp_types;
	rule->icmp_type = lookup_name(names, word);
	if (rule->icmp_type < 0 && ztnet_parse_number(word, 10, 255, &n))
		rule->icmp_type = (int)n;
	if (rule->icmp_type < 0)
		return ztnet_parse_invalid(err, "ICMP type", word,
					   ICMP_TYPE_FORM);
	if (!slash)
		return true;
	if (!ztnet_parse_number(slash + 1, 10, 255, &n))
		return ztnet_parse_invalid(err, "ICMP code", slash + 1,
					   "0 to 255");
	rule->icmp_code = (int)n;
	return true;
}

static bool parse_clause(struct ztnet_rule *rule, enum clause c,
			 const char *value, struct ztnet_parse_error *err)
{
	switch (c) {
	case C_FROM:
		return parse_specs(value, &rule->from, &rule->from_len, err);
	case C_TO:
		return parse_specs(value, &rule->to, &rule->to_len, err);
	case C_PROTO:
		return parse_proto(value, &rule->proto, err);
	case C_PORT:
		return parse_ranges(value, &rule->ports, &rule->ports_len, err);
	case C_SPORT:
		return parse_ranges(value, &rule->sports, &rule->sports_len, err);
	case C_TYPE:
		return parse_type(rule, value, err);
	case C_NAME:
		if (!valid_name(value, ZTNET_RULE_NAME_MAX))
			return ztnet_parse_invalid(err, "rule name", value,
						   ZTNET_NAME_FORM);
		strcpy(rule->name, value);
		return true;
	default:
		return false;
	}
}

static bool has_identity(const struct ztnet_spec *specs, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (specs[i].kind == ZTSPEC_GROUP ||
		    specs[i].kind == ZTSPEC_PEER)
			return true;
	return false;
}

static bool has_family(const struct ztnet_spec *specs, size_t len,
		       uint16_t family)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (specs[i].kind == ZTSPEC_CIDR &&
		    specs[i].cidr.family == family)
			return true;
	return false;
}

static bool has_ports(int proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP;
}

/* What each clause may say depends on the others: checked once all are in. */
static bool check_rule(const struct ztnet_rule *rule,
		       struct ztnet_parse_error *err)
{
	const struct ztnet_spec *local = rule->dir == ZTRULE_DIR_IN ? rule->to : rule->from;
	size_t local_len = rule->dir == ZTRULE_DIR_IN ? rule->to_len : rule->from_len;
	bool icmp4 = rule->proto == IPPROTO_ICMP, icmp6 = rule->proto == IPPROTO_ICMPV6;

	if (has_identity(local, local_len))
		return fail(err, "group: and peer: name the remote side: the source of an 'in' rule, the destination of an 'out' one");
	if ((rule->ports_len || rule->sports_len) && !has_ports(rule->proto))
		return fail(err, "port and sport need proto tcp, udp or sctp");
	if (rule->icmp_type >= 0 && !icmp4 && !icmp6)
		return fail(err, "type needs proto icmp or icmpv6");
	if ((icmp4 && (has_family(rule->from, rule->from_len, AF_INET6) ||
		       has_family(rule->to, rule->to_len, AF_INET6))) ||
	    (icmp6 && (has_family(rule->from, rule->from_len, AF_INET) ||
		       has_family(rule->to, rule->to_len, AF_INET))))
		return fail(err, "icmp is IPv4's and icmpv6 IPv6's: the rule's addresses are of the other family");
	return true;
}

static bool parse_head(struct ztnet_rule *rule, char *const *words,
		       size_t count, struct ztnet_parse_error *err)
{
	if (count < 2)
		return fail(err, "a rule starts with accept, drop or reject, then in or out");
	if (!strcmp(words[0], "accept"))
		rule->action = ZTRULE_ACCEPT;
	else if (!strcmp(words[0], "drop"))
		rule->action = ZTRULE_DROP;
	else if (!strcmp(words[0], "reject"))
		rule->action = ZTRULE_REJECT;
	else
		return ztnet_parse_invalid(err, "action", words[0],
					   "accept, drop or reject");
	if (!strcmp(words[1], "in"))
		rule->dir = ZTRULE_DIR_IN;
	else if (!strcmp(words[1], "out"))
		rule->dir = ZTRULE_DIR_OUT;
	else
		return ztnet_parse_invalid(err, "direction", words[1],
					   "in or out");
	return true;
}

static enum clause find_clause(const char *word)
{
	enum clause c;

	for (c = 0; c < C_MAX; c++)
		if (!strcmp(word, clause_words[c]))
			break;
	return c;
}

/*
 * The type's name is looked up once the protocol is known, wherever the
 * two are in the rule: so the clauses are taken in their own order.
 */
static bool parse_clauses(struct ztnet_rule *rule, char *const *words,
			  size_t count, struct ztnet_parse_error *err)
{
	const char *values[C_MAX] = { NULL };
	enum clause c;
	size_t i;

	for (i = 2; i < count; i += 2) {
		c = find_clause(words[i]);
		if (c == C_MAX)
			return ztnet_parse_invalid(err, "rule word", words[i],
						   "from, to, proto, port, sport, type or name");
		if (values[c])
			return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
						"%s is given twice",
						clause_words[c]);
		if (i + 1 == count)
			return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
						"%s needs a value",
						clause_words[c]);
		values[c] = words[i + 1];
	}
	for (c = 0; c < C_MAX; c++)
		if (values[c] && !parse_clause(rule, c, values[c], err))
			return false;
	return true;
}

static void rule_init(struct ztnet_rule *rule)
{
	memset(rule, 0, sizeof(*rule));
	rule->proto = -1;
	rule->icmp_type = -1;
	rule->icmp_code = -1;
}

bool ztnet_rule_parse(struct ztnet_rule *rule, char *const *words,
		      size_t count, struct ztnet_parse_error *err)
{
	rule_init(rule);
	if (parse_head(rule, words, count, err) &&
	    parse_clauses(rule, words, count, err) && check_rule(rule, err))
		return true;
	ztnet_rule_wipe(rule);
	return false;
}

/* A word that ends or starts with a comma joins its neighbour. */
static size_t split_words(char *line, char **words, size_t max)
{
	size_t count = 0;
	char *word;

	while ((word = strsep(&line, " \t\r\n"))) {
		if (!*word)
			continue;
		if (count && (words[count - 1][strlen(words[count - 1]) - 1] == ',' ||
			      *word == ',')) {
			/* Close the gap: the words are in one buffer. */
			memmove(words[count - 1] + strlen(words[count - 1]),
				word, strlen(word) + 1);
			continue;
		}
		if (count == max)
			return max + 1;
		words[count++] = word;
	}
	return count;
}

bool ztnet_rule_parse_line(struct ztnet_rule *rule, const char *line,
			   struct ztnet_parse_error *err)
{
	char *copy = ztnet_strndup(line, strlen(line));
	char *words[RULE_WORDS_MAX];
	size_t count = split_words(copy, words, RULE_WORDS_MAX);
	bool ok;

	if (count > RULE_WORDS_MAX) {
		rule_init(rule);
		ok = fail(err, "too many words in a rule");
	} else {
		ok = ztnet_rule_parse(rule, words, count, err);
	}
	free(copy);
	return ok;
}

static void print_spec(FILE *out, const struct ztnet_spec *spec)
{
	char text[INET6_ADDRSTRLEN], key[ZTNET_KEY_B64_LEN + 1];

	switch (spec->kind) {
	case ZTSPEC_ANY:
		fputs("any", out);
		break;
	case ZTSPEC_GROUP:
		fprintf(out, "group:%s", spec->group);
		break;
	case ZTSPEC_PEER:
		ztnet_key_to_base64(key, spec->key);
		fprintf(out, "peer:%s", key);
		break;
	default:
		inet_ntop(spec->cidr.family, &spec->cidr.ip6, text, sizeof(text));
		fprintf(out, "%s/%u", text, spec->cidr.cidr);
		break;
	}
}

static void print_specs(FILE *out, const char *word,
			const struct ztnet_spec *specs, size_t len)
{
	size_t i;

	if (!len)
		return;
	fprintf(out, " %s ", word);
	for (i = 0; i < len; i++) {
		if (i)
			fputc(',', out);
		print_spec(out, &specs[i]);
	}
}

static void print_ranges(FILE *out, const char *word,
			 const struct ztnet_port_range *ranges, size_t len)
{
	size_t i;

	if (!len)
		return;
	fprintf(out, " %s ", word);
	for (i = 0; i < len; i++) {
		fprintf(out, "%s%u", i ? "," : "", ranges[i].lo);
		if (ranges[i].hi != ranges[i].lo)
			fprintf(out, "-%u", ranges[i].hi);
	}
}

static void print_proto(FILE *out, int proto)
{
	const char *name = lookup_number(protocols, proto);

	if (name)
		fprintf(out, " proto %s", name);
	else
		fprintf(out, " proto %d", proto);
}

static void print_type(FILE *out, const struct ztnet_rule *rule)
{
	const char *name;

	name = lookup_number(rule->proto == IPPROTO_ICMPV6 ? icmpv6_types :
			     icmp_types, rule->icmp_type);
	if (name)
		fprintf(out, " type %s", name);
	else
		fprintf(out, " type %d", rule->icmp_type);
	if (rule->icmp_code >= 0)
		fprintf(out, "/%d", rule->icmp_code);
}

void ztnet_rule_print(FILE *out, const struct ztnet_rule *rule)
{
	static const char *const actions[] = { "accept", "drop", "reject" };

	fprintf(out, "%s %s", actions[rule->action],
		rule->dir == ZTRULE_DIR_IN ? "in" : "out");
	print_specs(out, "from", rule->from, rule->from_len);
	print_specs(out, "to", rule->to, rule->to_len);
	if (rule->proto >= 0)
		print_proto(out, rule->proto);
	print_ranges(out, "port", rule->ports, rule->ports_len);
	print_ranges(out, "sport", rule->sports, rule->sports_len);
	if (rule->icmp_type >= 0)
		print_type(out, rule);
	if (rule->name[0])
		fprintf(out, " name %s", rule->name);
}

static bool spec_equal(const struct ztnet_spec *a, const struct ztnet_spec *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case ZTSPEC_GROUP:
		return !strcmp(a->group, b->group);
	case ZTSPEC_PEER:
		return !memcmp(a->key, b->key, sizeof(a->key));
	case ZTSPEC_CIDR:
		return a->cidr.family == b->cidr.family &&
		       a->cidr.cidr == b->cidr.cidr &&
		       !memcmp(&a->cidr.ip6, &b->cidr.ip6,
			       a->cidr.family == AF_INET ? 4 : 16);
	default:
		return true;
	}
}

static bool specs_equal(const struct ztnet_spec *a, size_t a_len,
			const struct ztnet_spec *b, size_t b_len)
{
	size_t i;

	if (a_len != b_len)
		return false;
	for (i = 0; i < a_len; i++)
		if (!spec_equal(&a[i], &b[i]))
			return false;
	return true;
}

static bool ranges_equal(const struct ztnet_port_range *a, size_t a_len,
			 const struct ztnet_port_range *b, size_t b_len)
{
	return a_len == b_len && (!a_len || !memcmp(a, b, a_len * sizeof(*a)));
}

bool ztnet_rule_equal(const struct ztnet_rule *a, const struct ztnet_rule *b)
{
	return a->action == b->action && a->dir == b->dir &&
	       a->proto == b->proto && a->icmp_type == b->icmp_type &&
	       a->icmp_code == b->icmp_code && !strcmp(a->name, b->name) &&
	       specs_equal(a->from, a->from_len, b->from, b->from_len) &&
	       specs_equal(a->to, a->to_len, b->to, b->to_len) &&
	       ranges_equal(a->ports, a->ports_len, b->ports, b->ports_len) &&
	       ranges_equal(a->sports, a->sports_len, b->sports, b->sports_len);
}

void ztnet_rule_wipe(struct ztnet_rule *rule)
{
	free(rule->from);
	free(rule->to);
	free(rule->ports);
	free(rule->sports);
	rule_init(rule);
}

bool ztnet_rule_canonical(const struct ztnet_rule *rule)
{
	struct ztnet_parse_error err;
	struct ztnet_rule again;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bool ok;

	if (!out)
		ztnet_out_of_memory();
	ztnet_rule_print(out, rule);
	if (fclose(out) != 0)
		ztnet_out_of_memory();
	ok = ztnet_rule_parse_line(&again, text, &err);
	ok = ok && ztnet_rule_equal(rule, &again);
	ztnet_rule_wipe(&again);
	free(text);
	return ok;
}
