// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "rttables.h"
#include "value.h"

/*
 * One line of a file: "NUMBER NAME", the number decimal or 0x hex, '#'
 * starting a comment, as iproute2's rtnl_tab_initialize reads it.
 */
static bool line_names(char *line, const char *name, uint32_t *table)
{
	char *number, *word, *save;
	uint64_t n;

	line[strcspn(line, "#\n")] = '\0';
	number = strtok_r(line, " \t", &save);
	word = number ? strtok_r(NULL, " \t", &save) : NULL;
	if (!word || strcmp(word, name) != 0)
		return false;
	if (strncmp(number, "0x", 2) == 0 ?
	    !ztnet_parse_number(number + 2, 16, UINT32_MAX, &n) :
	    !ztnet_parse_number(number, 10, UINT32_MAX, &n))
		return false;
	*table = (uint32_t)n;
	return true;
}

static bool file_names(const char *path, const char *name, uint32_t *table)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = line_names(line, name, table);
	fclose(f);
	return found;
}

static int is_conf(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 5 &&
	       strcmp(d->d_name + len - 5, ".conf") == 0;
}

/* asprintf that exits when memory runs out. */
static char *join(const char *dir, const char *file)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, file) < 0)
		ztnet_out_of_memory();
	return path;
}

/* rt_tables, then rt_tables.d's *.conf files in the order of their names. */
static bool dir_names(const char *dir, const char *name, uint32_t *table)
{
	struct dirent **list;
	bool found;
	char *path;
	int n, i;

	path = join(dir, "rt_tables");
	found = file_names(path, name, table);
	free(path);
	path = join(dir, "rt_tables.d");
	n = scandir(path, &list, is_conf, alphasort);
	for (i = 0; i < n; i++) {
		if (!found) {
			char *conf = join(path, list[i]->d_name);

			found = file_names(conf, name, table);
			free(conf);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	free(path);
	return found;
}

bool ztnet_rt_table_lookup(const char *name, uint32_t *table)
{
	const char *dirs = getenv("ZTNET_RT_TABLES_DIRS");
	char *copy, *dir, *save;
	bool found = false;

	if (!dirs)
		dirs = ZTNET_RT_TABLES_DIRS;
	copy = ztnet_strndup(dirs, strlen(dirs));
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save))
		found = dir_names(dir, name, table);
	free(copy);
	return found;
}
