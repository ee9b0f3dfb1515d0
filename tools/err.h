/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every diagnostic is one line on stderr that starts with "ztnet: ", so
 * that scripts can grep for it and humans can tell who complained.
 */
#ifndef ZTNET_ERR_H
#define ZTNET_ERR_H

#include <stdbool.h>

void ztnet_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "ztnet: Warning: ...", in wg's words; the command goes on. */
void ztnet_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set by the fuzzers, whose parsers would warn a million times. */
extern bool ztnet_warnings_off;

#endif /* ZTNET_ERR_H */
