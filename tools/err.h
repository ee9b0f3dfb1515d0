/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every diagnostic is one line on stderr that starts with "ztnet: ", so
 * that scripts can grep for it and humans can tell who complained.
 */
#ifndef ZTNET_ERR_H
#define ZTNET_ERR_H

void ztnet_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* ZTNET_ERR_H */
