// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "fdio.h"
#include "key.h"
#include "keyfile.h"

/* A key and a newline or two; more than this is not a key file. */
#define KEYFILE_MAX 128

bool ztnet_keyfile_parse(const char *text, size_t len,
			 uint8_t key[ZTNET_KEY_LEN])
{
	if (len == 0) {
		ztnet_wipe(key, ZTNET_KEY_LEN);
		return true;
	}
	return ztnet_key_from_base64(key, text, len);
}

int ztnet_keyfile_read(const char *path, uint8_t key[ZTNET_KEY_LEN])
{
	char text[KEYFILE_MAX];
	ssize_t len;
	bool ok;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ztnet_err("cannot open key file %s: %s", path, strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	len = ztnet_read_all(fd, text, sizeof(text));
	close(fd);
	if (len < 0) {
		ztnet_err("cannot read key file %s: %s", path, strerror(errno));
		ztnet_wipe(text, sizeof(text));
		return ZTNET_EXIT_FAILURE;
	}
	ok = (size_t)len < sizeof(text) &&
	     ztnet_keyfile_parse(text, (size_t)len, key);
	ztnet_wipe(text, sizeof(text));
	if (!ok) {
		ztnet_err("malformed key in key file %s", path);
		return ZTNET_EXIT_BAD_KEY;
	}
	return ZTNET_EXIT_OK;
}
