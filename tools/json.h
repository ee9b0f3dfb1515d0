/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ztnet show --json`: the devices as one JSON object, whose schema is
 * documented in Documentation/json.rst and is stable: keys are added,
 * never renamed or removed.  Keys (private and preshared) are left out
 * unless HIDE_KEYS=never, as in the human view.
 */
#ifndef ZTNET_JSON_H
#define ZTNET_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "device.h"

void ztnet_json_print(FILE *out, const struct ztnet_device *devs, size_t len);

/*
 * s as a JSON string, for `show --json` and `monitor --json` alike: any
 * byte past ASCII as \u00XX, so that the output is always valid UTF-8.
 */
void ztnet_json_string(FILE *out, const char *s);

#endif /* ZTNET_JSON_H */
