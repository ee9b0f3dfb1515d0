/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state file of `ztnet up`: what it did to the system, so that
 * `ztnet down` undoes exactly that, even after an up that failed or was
 * killed part way.  /run/ztnet/<interface>.state, or
 * /run/ztnet/netns-<inode>/<interface>.state in a network namespace other
 * than PID 1's (the directory is ZTNET_RUN_DIR instead when set): a
 * comment line, then one line for each step
 * that down has to undo, in the order up completed them, in the words of
 * ztnet_step_print (quickplan.h):
 *
 *   link zt0
 *   address 10.0.0.1/24
 *   dns tun.zt0 nameserver 10.0.0.53
 *   route 10.1.0.0/16 table main
 *   rule inet not-fwmark 51820 table 51820
 *   rule inet suppress-prefixlength 0 table main
 *   route 0.0.0.0/0 table 51820
 *   sysctl net.ipv4.conf.all.src_valid_mark 1 was 0
 *
 * Each line is written, and flushed, once its step has succeeded.
 */
#ifndef ZTNET_QUICKSTATE_H
#define ZTNET_QUICKSTATE_H

#include <stdio.h>

#include "quickplan.h"

struct ztnet_state {
	FILE *file;
	char path[4096];
};

/* The state file's path for an interface. */
void ztnet_state_path(char *path, size_t size, const char *ifname);

/*
 * Creates (or empties) the state file of ifname, and its directory.
 * On failure prints one line and returns the exit status.
 */
int ztnet_state_create(struct ztnet_state *state, const char *ifname);

/* Records a completed step; false (errno set) if it could not be written. */
bool ztnet_state_record(struct ztnet_state *state, const struct ztnet_step *step);

void ztnet_state_close(struct ztnet_state *state);

/*
 * Reads the steps of ifname's state file into steps.  ZTNET_EXIT_OK;
 * ZTNET_EXIT_NO_DEVICE, silently, if there is none; else after one line
 * on stderr, ZTNET_EXIT_FAILURE.
 */
int ztnet_state_read(const char *ifname, struct ztnet_plan *steps);

/*
 * Replaces ifname's state with steps: removes the file when there are
 * none left.  false with errno set on failure.
 */
bool ztnet_state_rewrite(const char *ifname, const struct ztnet_plan *steps);

/*
 * Moves step (the sysctl) to the state of another interface that routes
 * all IPv4 through its tunnel and so still needs it: true if one took
 * it, and down then leaves the sysctl as it is.
 */
bool ztnet_state_hand_over(const char *ifname, const struct ztnet_step *step);

#endif /* ZTNET_QUICKSTATE_H */
