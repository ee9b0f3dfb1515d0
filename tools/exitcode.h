/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit statuses of ztnet(8).  They are part of the interface: scripts
 * test them, and the man page and `ztnet --help` list them, so keep all
 * three in step.
 */
#ifndef ZTNET_EXITCODE_H
#define ZTNET_EXITCODE_H

enum ztnet_exit {
	ZTNET_EXIT_OK = 0,
	ZTNET_EXIT_FAILURE = 1,		/* anything not listed below */
	ZTNET_EXIT_USAGE = 2,		/* unknown command, bad arguments,
					 * malformed configuration file */
	ZTNET_EXIT_BAD_KEY = 3,		/* not 44 chars of canonical base64 */
	ZTNET_EXIT_NO_MODULE = 4,	/* generic netlink family not found */
	ZTNET_EXIT_NO_DEVICE = 5,	/* no such device, or not ztnet's */
	ZTNET_EXIT_NOT_PERMITTED = 6,	/* EPERM or EACCES from the kernel */
};

#endif /* ZTNET_EXITCODE_H */
