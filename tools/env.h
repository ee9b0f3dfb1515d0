/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The environment variables ztnet honours.  Each has two spellings: ours,
 * ZTNET_<NAME>, and wg's, WG_<NAME>, so that a script written for wg
 * keeps working; ours wins when both are set.
 */
#ifndef ZTNET_ENV_H
#define ZTNET_ENV_H

#include <stdbool.h>

/* ZTNET_<name>, else WG_<name>, else NULL. */
const char *ztnet_getenv(const char *name);

/* Whether `show` prints keys as "(hidden)": unless HIDE_KEYS=never. */
bool ztnet_hide_keys(void);

#endif
