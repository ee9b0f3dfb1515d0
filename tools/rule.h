/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Microsegment rules in their text form, the same words on the command
 * line, in a configuration file's "Rule =" and in `show` output:
 *
 *   <accept|drop|reject> <in|out> [from SPEC[,SPEC...]] [to SPEC[,SPEC...]]
 *       [proto tcp|udp|icmp|icmpv6|sctp|NUMBER] [port LIST] [sport LIST]
 *       [type ICMPTYPE[/CODE]] [name NAME]
 *
 * A SPEC is a CIDR (an address alone is a host), group:NAME, peer:KEY or
 * any.  Groups and peers name the remote side only: the source of an "in"
 * rule, the destination of an "out" one.  A LIST is ports and ranges,
 * "22,80,8000-8999", allowed only with tcp, udp or sctp.
 *
 * Pure: no I/O, so the unit tests and fuzz targets call it directly.
 * Printing a parsed rule gives its canonical text, which parses back to
 * the same rule and prints the same again.
 */
#ifndef ZTNET_RULE_H
#define ZTNET_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "device.h"
#include "value.h"

/* The uapi's limits: ZTRULE_NAME_MAX, ZTRULE_SPECS_MAX, ZTRULE_RANGES_MAX. */
#define ZTNET_RULE_NAME_MAX	ZTRULE_NAME_MAX
#define ZTNET_GROUP_NAME_MAX	ZTRULE_NAME_MAX
#define ZTNET_RULE_SPECS_MAX	ZTRULE_SPECS_MAX
#define ZTNET_RULE_RANGES_MAX	ZTRULE_RANGES_MAX

struct ztnet_spec {
	enum ztspec_kind kind;
	struct ztnet_allowedip cidr;			/* ZTSPEC_CIDR */
	char group[ZTNET_GROUP_NAME_MAX + 1];		/* ZTSPEC_GROUP */
	uint8_t key[ZTNET_KEY_LEN];			/* ZTSPEC_PEER */
};

struct ztnet_port_range {
	uint16_t lo;
	uint16_t hi;
};

/* What a rule leaves out matches anything: no list, or -1. */
struct ztnet_rule {
	enum ztrule_action action;
	enum ztrule_direction dir;
	struct ztnet_spec *from;
	size_t from_len;
	struct ztnet_spec *to;
	size_t to_len;
	int proto;			/* IP protocol number, or -1 */
	struct ztnet_port_range *ports;	/* destination ports */
	size_t ports_len;
	struct ztnet_port_range *sports;
	size_t sports_len;
	int icmp_type;			/* -1, or with icmp or icmpv6 */
	int icmp_code;			/* -1, or with icmp_type */
	char name[ZTNET_RULE_NAME_MAX + 1];	/* "" when it has none */
};

/*
 * Parses a rule from its words.  On failure err says what is wrong, the
 * rule is left empty, and false is returned.  Exits if memory runs out.
 */
bool ztnet_rule_parse(struct ztnet_rule *rule, char *const *words,
		      size_t count, struct ztnet_parse_error *err);

/*
 * The same from one line, split at white space; a comma with white space
 * around it still joins a list ("from group:web, group:db").
 */
bool ztnet_rule_parse_line(struct ztnet_rule *rule, const char *line,
			   struct ztnet_parse_error *err);

/* Prints the rule's canonical text, without a newline. */
void ztnet_rule_print(FILE *out, const struct ztnet_rule *rule);

/* Whether two rules are the same, list order included. */
bool ztnet_rule_equal(const struct ztnet_rule *a, const struct ztnet_rule *b);

/*
 * Whether the rule's text parses back to the same rule: what a rule from
 * the kernel must be before the tool prints it for setconf to read.
 */
bool ztnet_rule_canonical(const struct ztnet_rule *rule);

/* Whether name can name a rule or a group (uapi: ZTRULE_A_NAME). */
bool ztnet_rule_name_ok(const char *name);

/* What ztnet_rule_name_ok takes, for the messages that refuse a name. */
#define ZTNET_NAME_FORM	"a letter or '_', then letters, digits, '_', '-' " \
			"or '.', at most 32 bytes"

/* Frees what the rule holds and leaves it empty. */
void ztnet_rule_wipe(struct ztnet_rule *rule);

#endif /* ZTNET_RULE_H */
