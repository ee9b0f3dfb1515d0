/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routing table names, as ip(8) knows them: the numbers that
 * /etc/iproute2/rt_tables and the *.conf files of rt_tables.d give names
 * to (then those of /usr/share/iproute2, where newer iproute2 keeps its
 * defaults), so that wg-quick's "Table = NAME" means what ip(8) makes of
 * it.
 */
#ifndef ZTNET_RTTABLES_H
#define ZTNET_RTTABLES_H

#include <stdbool.h>
#include <stdint.h>

/* ZTNET_RT_TABLES_DIRS, ':'-separated, replaces the two (for the tests). */
#define ZTNET_RT_TABLES_DIRS "/etc/iproute2:/usr/share/iproute2"

/* The number of the table called name; false if no file names it. */
bool ztnet_rt_table_lookup(const char *name, uint32_t *table);

#endif /* ZTNET_RTTABLES_H */
