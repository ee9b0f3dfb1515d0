/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tool's view of a device's attributes, for fuzz-kernel-nlpolicy.  It
 * lives in its own file because the tool's headers use libmnl and the
 * policy's use kshim; the two meet only through this function.
 */
#ifndef ZTNET_FUZZ_TOOL_ATTRS_H
#define ZTNET_FUZZ_TOOL_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Whether tools/attr.c accepts every top-level attribute of the stream
 * when it arrives in a GET_DEVICE reply, as the kernel would send it.
 */
bool ztnet_tool_accepts_device_attrs(const uint8_t *attrs, size_t len);

#endif /* ZTNET_FUZZ_TOOL_ATTRS_H */
