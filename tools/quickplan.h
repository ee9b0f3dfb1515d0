/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `ztnet up` does for a wg-quick configuration, as a list of steps
 * worked out before anything is touched: the link, the hooks, the
 * configuration, each address, the MTU, DNS, each route and the policy
 * routing of a full tunnel.  `ztnet up --dry-run` prints the list; up
 * carries it out step by step and records each step it completed in the
 * state file, one line a step in the same words, so that `ztnet down`
 * can undo exactly those, last first.
 *
 * Pure: what the system looks like (the free routing table, the path
 * MTU, the sysctl's value) comes in as ztnet_quick_facts, gathered by
 * quicknl.c, so the tests can give any.
 */
#ifndef ZTNET_QUICKPLAN_H
#define ZTNET_QUICKPLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "device.h"
#include "quick.h"

/* wg-quick's first table for a full tunnel, and the fwmark that matches. */
#define ZTNET_QUICK_TABLE_BASE	51820
#define ZTNET_TABLE_MAIN	254
#define ZTNET_SRC_VALID_MARK	"net.ipv4.conf.all.src_valid_mark"

enum ztnet_step_kind {
	ZTNET_STEP_LINK,	/* create the device; undo deletes it */
	ZTNET_STEP_HOOK,	/* PreUp or PostUp: never undone */
	ZTNET_STEP_SETCONF,	/* the stripped configuration */
	ZTNET_STEP_ADDRESS,
	ZTNET_STEP_MTU,
	ZTNET_STEP_UP,
	ZTNET_STEP_DNS,		/* resolvconf -a; undo resolvconf -d */
	ZTNET_STEP_FWMARK,	/* a full tunnel's mark, when none is set */
	ZTNET_STEP_ROUTE,
	ZTNET_STEP_RULE_NOT_FWMARK,	/* not fwmark T table T */
	ZTNET_STEP_RULE_SUPPRESS,	/* table main suppress_prefixlength 0 */
	ZTNET_STEP_SYSCTL,	/* src_valid_mark=1; undo restores "was" */
};

struct ztnet_step {
	enum ztnet_step_kind kind;
	/* ADDRESS, ROUTE: the prefix; RULE_*: only its family counts. */
	struct ztnet_allowedip prefix;
	uint32_t table;		/* ROUTE, RULE_* */
	uint32_t value;		/* MTU, FWMARK; SYSCTL: the value it was */
	/* ROUTE: already covered by an address's route, so not added. */
	bool covered;
	/*
	 * ROUTE: Table is auto, so up looks for a route of the link that
	 * covers it first, as wg-quick does; not for a table of the file's.
	 */
	bool if_uncovered;
	/*
	 * LINK: the name; HOOK: "PreUp" or "PostUp"; DNS: resolvconf's
	 * name for the interface.  Owned.
	 */
	char *name;
	/* HOOK: the command, %i replaced; DNS: resolvconf's input.  Owned. */
	char *text;
};

struct ztnet_plan {
	struct ztnet_step *steps;
	size_t len;
	size_t cap;
};

/* What the plan needs to know of the system. */
struct ztnet_quick_facts {
	/* A full tunnel's table when the configuration sets no FwMark. */
	uint32_t free_table;
	/* The MTU of the endpoints' paths (wg-quick's); 0: unknown. */
	uint32_t path_mtu;
	/* src_valid_mark as it is now; 1 means nothing to do. */
	uint32_t src_valid_mark;
	/* resolvconf's prefix for the interface ("tun." on Debian), or "". */
	char dns_prefix[32];
};

/*
 * The plan for q, whose configuration parsed into dev (allowed IPs and
 * FwMark are read from it).  On a bad Address, MTU or Table prints one
 * line and returns ZTNET_EXIT_USAGE with plan empty.
 */
int ztnet_quick_plan(const struct ztnet_quick *q,
		     const struct ztnet_device *dev,
		     const struct ztnet_quick_facts *facts,
		     struct ztnet_plan *plan);

/* wg-quick's automatic MTU: the path's less 80, 1420 when unknown. */
uint32_t ztnet_quick_auto_mtu(uint32_t path_mtu);

/* Table's value: "off", "auto" (or none) and a number or main. */
enum ztnet_table_mode { ZTNET_TABLE_AUTO, ZTNET_TABLE_OFF, ZTNET_TABLE_FIXED };
bool ztnet_quick_table(const char *text, enum ztnet_table_mode *mode,
		       uint32_t *table);

/* Whether the plan routes a /0 through policy routing (needs a fwmark). */
bool ztnet_quick_full_tunnel(const struct ztnet_quick *q,
			     const struct ztnet_device *dev);

/* Whether outer holds all of inner: a route for outer serves inner. */
bool ztnet_prefix_covers(const struct ztnet_allowedip *outer,
			 const struct ztnet_allowedip *inner);

/* A hook's command with every %i replaced by the interface's name. */
char *ztnet_quick_hook(const char *cmd, const char *ifname);

/* The step as one line, without the newline: what the state file holds. */
void ztnet_step_print(FILE *out, const struct ztnet_step *step);

/* Parses a line ztnet_step_print wrote; false if it is not one. */
bool ztnet_step_parse(const char *line, struct ztnet_step *step);

/* Whether down has something to undo for the step. */
bool ztnet_step_undoable(const struct ztnet_step *step);

/* Appends a copy of step (its strings copied too). */
void ztnet_plan_push(struct ztnet_plan *plan, const struct ztnet_step *step);

void ztnet_step_free(struct ztnet_step *step);
void ztnet_plan_free(struct ztnet_plan *plan);

#endif /* ZTNET_QUICKPLAN_H */
