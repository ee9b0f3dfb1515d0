/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_VERSION_H
#define _ZTNET_VERSION_H

/* Kept equal to PACKAGE_VERSION in dkms.conf; the unit tests check it. */
#define ZTNET_VERSION "0.1.0"

#endif /* _ZTNET_VERSION_H */
