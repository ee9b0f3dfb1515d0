/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Carrying out the steps of a plan (quickplan.h), and undoing them: the
 * system's side of `ztnet up` and `ztnet down`.
 */
#ifndef ZTNET_QUICKRUN_H
#define ZTNET_QUICKRUN_H

#include <stddef.h>

#include "device.h"
#include "quicknl.h"
#include "quickplan.h"

struct ztnet_quick_run {
	struct ztnet_rtnl rtnl;
	const char *ifname;
	int ifindex;		/* once the link is there */
	/* The configuration SETCONF sends; its endpoints resolved. */
	const struct ztnet_device *dev;
	/*
	 * The main table's routes through the link, read at the first
	 * ROUTE: the ones up adds after it, longest first, never cover a
	 * later one.  Freed by ztnet_quick_run_free.
	 */
	struct ztnet_allowedip *routes;
	size_t routes_len;
	bool routes_read;
};

void ztnet_quick_run_free(struct ztnet_quick_run *run);

/*
 * Does step.  A ROUTE already served by one of the link's routes is left
 * alone and marked covered, as wg-quick leaves it.  On failure prints one
 * line and returns the exit status.
 */
int ztnet_quick_do(struct ztnet_quick_run *run, struct ztnet_step *step);

/*
 * Undoes step, printing nothing; what is already gone counts as undone.
 * 0, or else fills why with the reason and returns ZTNET_EXIT_FAILURE.
 */
int ztnet_quick_undo(struct ztnet_quick_run *run, const struct ztnet_step *step,
		     char *why, size_t size);

/*
 * Runs a hook's command in bash (exec_shell).  On failure prints one line (the
 * phase, the status, the command) and returns ZTNET_EXIT_FAILURE.
 */
int ztnet_quick_hook_run(const char *phase, const char *cmd);

/*
 * Gives the hooks wg-quick's variables: $INTERFACE, the device's name,
 * and $CONFIG_FILE, the file's path.  wg-quick's hooks see them because
 * it evals them in its own shell; hooks written for it use them.
 */
void ztnet_quick_hook_env(const struct ztnet_quick *q);

/* The facts that are not rtnetlink's: the sysctl, resolvconf's prefix. */
void ztnet_quick_local_facts(struct ztnet_quick_facts *facts);

/* Whether resolvconf is on PATH. */
bool ztnet_have_resolvconf(void);

#endif /* ZTNET_QUICKRUN_H */
