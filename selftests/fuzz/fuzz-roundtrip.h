/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by fuzz-config and fuzz-set-args: whatever a parser accepts must
 * survive the trip through SET_DEVICE requests unchanged, however small
 * the messages are.
 */
#ifndef ZTNET_FUZZ_ROUNDTRIP_H
#define ZTNET_FUZZ_ROUNDTRIP_H

#include <stddef.h>

#include "device.h"

/* The tool's ZTNET_NL_SEND_MAX, for what fits no smaller message. */
#define ZTNET_FUZZ_OVERSIZE	32768

/* Aborts, naming the fuzz target and what broke, unless ok. */
void fuzz_require(bool ok, const char *target, const char *what);

/* Resolves numeric endpoints, and drops the others: no lookups. */
void fuzz_resolve_numeric(struct ztnet_device *dev);

/*
 * Resolves numeric endpoints (names are dropped: no lookups while
 * fuzzing), checks what a parser may produce, then encodes dev in
 * messages of size bytes, decodes them and aborts unless the result
 * equals dev.
 */
void fuzz_round_trip(struct ztnet_device *dev, size_t size,
		     const char *target);

#endif /* ZTNET_FUZZ_ROUNDTRIP_H */
