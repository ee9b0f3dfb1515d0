/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ZTNET_SHOW_H
#define ZTNET_SHOW_H

#include <stdio.h>
#include <libmnl/libmnl.h>

#include "fields.h"
#include "query.h"

enum ztnet_show_mode {
	ZTNET_SHOW_ALL,		/* `show` or `show all` */
	ZTNET_SHOW_INTERFACES,	/* `show interfaces`: names only */
	ZTNET_SHOW_ONE,		/* `show <interface>` */
};

enum ztnet_show_parse {
	ZTNET_SHOW_PARSE_OK,
	ZTNET_SHOW_PARSE_USAGE,		/* too many arguments */
	ZTNET_SHOW_PARSE_BAD_NAME,	/* empty, or too long for a device */
	ZTNET_SHOW_PARSE_BAD_FIELD,	/* the last word names no field */
};

struct ztnet_show_args {
	enum ztnet_show_mode mode;
	const char *ifname;	/* for ZTNET_SHOW_ONE, points into argv */
	enum ztnet_field field;	/* ZTNET_FIELD_NONE: the human view */
	bool json;		/* --json or -j: json.h's view */
	/*
	 * The last word read: the one BAD_NAME or BAD_FIELD refuses, which
	 * is not argv[1] or argv[2] when --json came first.
	 */
	const char *refused;
};

/*
 * Parses the arguments of `show`, argv[0] being "show", as wg(8) does:
 * show [ <interface> | all | interfaces ] [ <field> ]; `interfaces`
 * takes no field.  --json (or -j), anywhere, asks for JSON, which takes
 * no field either.  Prints nothing.
 */
enum ztnet_show_parse ztnet_show_parse_args(int argc, char *argv[],
					    struct ztnet_show_args *args);

/* Where and how the replies of one dump are printed. */
struct ztnet_show_output {
	enum ztnet_show_mode mode;
	enum ztnet_field field;
	FILE *out;
	unsigned int devices;	/* printed so far */
	struct ztnet_collect collect;	/* set up by the first reply */
};

/*
 * The mnl_cb_t for each GET_DEVICE reply: gathers the slices of each
 * device and prints every device once it is complete.  Fails with errno
 * EBADMSG if the reply is malformed.
 */
int ztnet_show_device_reply(const struct nlmsghdr *nlh, void *output);

/* Prints the last device and ends the output after the last reply. */
void ztnet_show_finish(struct ztnet_show_output *output);

#endif /* ZTNET_SHOW_H */
