/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key files of `set private-key <file>` and `preshared-key <file>`:
 * one key in base64 and optional trailing white space, or nothing at all
 * (an empty file, or /dev/null), which clears the key, as with wg(8).
 */
#ifndef ZTNET_KEYFILE_H
#define ZTNET_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ztnet.h>

/* The text of a key file; false if it is neither empty nor one key. */
bool ztnet_keyfile_parse(const char *text, size_t len,
			 uint8_t key[ZTNET_KEY_LEN]);

/*
 * Reads the key file at path into key.  On failure prints one line and
 * returns the exit status: 1 if the file cannot be read, 3 if it does
 * not hold a key.
 */
int ztnet_keyfile_read(const char *path, uint8_t key[ZTNET_KEY_LEN]);

#endif /* ZTNET_KEYFILE_H */
