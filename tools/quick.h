/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wg-quick's configuration: the keys `ztnet up` reads from [Interface]
 * (Address, MTU, DNS, Table, PreUp, PostUp, PreDown, PostDown and
 * SaveConfig) and the rest, which is what `ztnet setconf` takes and
 * `ztnet strip` prints.  Read as wg-quick reads it: keys and the section
 * name in any case, each line without its surrounding white space.
 */
#ifndef ZTNET_QUICK_H
#define ZTNET_QUICK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Where a bare name's file is: /etc/ztnet/<name>.conf, or in
 * $ZTNET_CONFIG_DIR (the bash completion's too) when that is set.  An
 * argument with a '/' or ending in ".conf" is a file's path.
 */
#define ZTNET_QUICK_DIR "/etc/ztnet"

struct ztnet_strings {
	char **items;
	size_t len;
	size_t cap;
};

struct ztnet_quick {
	char path[4096];
	char ifname[IFNAMSIZ];
	struct ztnet_strings addresses;
	struct ztnet_strings dns;		/* servers, then search domains */
	struct ztnet_strings dns_search;
	char *mtu;
	char *table;
	struct ztnet_strings pre_up;
	struct ztnet_strings post_up;
	struct ztnet_strings pre_down;
	struct ztnet_strings post_down;
	bool save_config;
	char *config;			/* the lines setconf takes, then a NUL */
	size_t config_len;
	size_t config_cap;
	/* The file's number of each line of config, for setconf's errors. */
	unsigned int *line_of;
	size_t lines;
	size_t lines_cap;
	unsigned int lineno;		/* while reading */
};

/*
 * Reads the file a name or path names into q: ZTNET_EXIT_OK, or an exit
 * status after one line on stderr.  The file's name, less ".conf", must
 * be a device name: it names the device.
 */
int ztnet_quick_read(const char *name_or_path, struct ztnet_quick *q);

/*
 * What ztnet_quick_read does once it has the file's text: q must be
 * zeroed but for path and ifname, which are left alone.  Status and
 * message as ztnet_quick_read's; on failure q holds nothing to free.
 * The fuzzer's way in, with no file.
 */
int ztnet_quick_parse(struct ztnet_quick *q, const char *text, size_t len);

void ztnet_quick_free(struct ztnet_quick *q);

/* The file's line number of config's line n (from 1); n if unknown. */
unsigned int ztnet_quick_file_line(const struct ztnet_quick *q, unsigned int n);

#endif /* ZTNET_QUICK_H */
